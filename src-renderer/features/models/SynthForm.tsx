import { useEffect, useState } from 'react';
import { modelPresets } from '../../../src-shared/domain/models/modelPresets';
import { activeBridge } from '../../bridge/activeBridge';
import { useChannel } from '../../bridge/useChannel';
import { navigate } from '../../app/navigation';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { formatBytes } from '../../components/formatBytes';

/** Writes a synthetic GGUF from a preset: a real model's attention shape with random weights. */
export function SynthForm({ onCreated }: { onCreated: (path: string) => void }) {
  const [preset, setPreset] = useState(modelPresets[0]!.name);
  const [layers, setLayers] = useState('4');
  const [weightType, setWeightType] = useState<'q4_0' | 'q8_0' | 'f16'>('q4_0');
  const [state, synth] = useChannel('models:synth');
  const [written, setWritten] = useState<string | null>(null);
  useEffect(() => activeBridge.on('models:onSynthProgress', (p) => setWritten(`${formatBytes(p.writtenBytes)} of ${formatBytes(p.totalBytes)}`)), []);
  const full = modelPresets.find((p) => p.name === preset)!.geometry.layers;
  const submit = async () => {
    const n = Number(layers);
    const result = await synth({ preset, weightType, ...(Number.isInteger(n) && n > 0 && n < full ? { layers: n } : {}) });
    if (result.ok) onCreated(result.value.path);
  };
  return (
    <form className="synth-form card" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <p className="muted small">Probe a model's attention shape on this machine without downloading it. KV cache and compute per layer are the real model's; with fewer layers, totals scale down.</p>
      <div className="toolbar">
        <label>Preset <select aria-label="Preset" value={preset} onChange={(e) => setPreset(e.target.value)}>{modelPresets.map((p) => <option key={p.name}>{p.name}</option>)}</select></label>
        <label>Layers <input aria-label="Layers" type="number" min={1} max={full} value={layers} onChange={(e) => setLayers(e.target.value)} /> of {full}</label>
        <label>Weights <select aria-label="Weight type" value={weightType} onChange={(e) => setWeightType(e.target.value as typeof weightType)}>{(['q4_0', 'q8_0', 'f16'] as const).map((t) => <option key={t}>{t}</option>)}</select></label>
        <button type="submit" className="primary" disabled={state.status === 'loading'}>Create synthetic model</button>
        <button type="button" className="secondary" onClick={() => navigate('models', { preset })}>Estimate the full model</button>
      </div>
      {state.status === 'loading' && <Spinner label={`Writing… ${written ?? ''}`} />}
      {state.status === 'error' && <ErrorPanel error={state.error} />}
    </form>
  );
}
