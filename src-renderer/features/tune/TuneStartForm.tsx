import { useState } from 'react';
import type { TuneBackend, TuneEngine, TunePolicy } from '../../../src-shared/contract/tune';
import { presetNames } from '../../../src-shared/domain/models/modelPresets';
import { navigate } from '../../app/navigation';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';

/** A model, the context it must hold, and what may leave the device. */
export function TuneStartForm() {
  const [source, setSource] = useState<'path' | 'preset'>('path');
  const [path, setPath] = useState('');
  const [preset, setPreset] = useState(presetNames[0] ?? '');
  const [layers, setLayers] = useState('2');
  const [ctx, setCtx] = useState('4096');
  const [policy, setPolicy] = useState<TunePolicy>('allow-spill');
  const [engine, setEngine] = useState<TuneEngine>('node-llama-cpp');
  const [backend, setBackend] = useState<TuneBackend>('cpu');
  const [minutes, setMinutes] = useState('10');
  const [generate, setGenerate] = useState('16');
  const [state, start] = useChannel('tune:start');
  const contextSize = ctx.trim() === 'max' ? 'max' : Number(ctx);
  const ready = (source === 'path' ? path.trim() !== '' : preset !== '') && (contextSize === 'max' || contextSize >= 256);

  const submit = () => {
    const model = source === 'path' ? { path: path.trim() } : { preset, ...(Number(layers) > 0 && { layers: Number(layers) }) };
    void start({ model, contextSize, policy, engine, backend, budgetMinutes: Number(minutes) || 10, generateTokens: Number(generate) || 16 }).then((r) => r.ok && navigate('tune', { id: r.value.id }));
  };
  return (
    <form className="card probe-start" onSubmit={(e) => (e.preventDefault(), submit())} aria-label="Start a tune">
      <div className="row">
        <label><input type="radio" checked={source === 'path'} onChange={() => setSource('path')} /> GGUF file</label>
        <label><input type="radio" checked={source === 'preset'} onChange={() => setSource('preset')} /> synthetic preset</label>
      </div>
      {source === 'path' ? (
        <label>Model file <input aria-label="Model file" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/model.gguf" size={60} /></label>
      ) : (
        <div className="row">
          <label>Preset <select aria-label="Preset" value={preset} onChange={(e) => setPreset(e.target.value)}>{presetNames.map((n) => <option key={n}>{n}</option>)}</select></label>
          <label>Layers <input aria-label="Layers" value={layers} onChange={(e) => setLayers(e.target.value)} size={4} /></label>
        </div>
      )}
      <div className="row">
        <label>Context <input aria-label="Context" value={ctx} onChange={(e) => setCtx(e.target.value)} size={8} title="tokens, or max" /></label>
        <label>Policy <select aria-label="Policy" value={policy} onChange={(e) => setPolicy(e.target.value as TunePolicy)}>
          <option value="allow-spill">allow-spill — measure the spill</option>
          <option value="shrink-ctx">shrink-ctx — lower the context to stay on the device</option>
          <option value="gpu-only">gpu-only — never spill, say so instead</option>
        </select></label>
        <label>Engine <select aria-label="Engine" value={engine} onChange={(e) => setEngine(e.target.value as TuneEngine)}>
          <option value="node-llama-cpp">node-llama-cpp</option>
          <option value="llama.cpp">llama.cpp (your binaries)</option>
        </select></label>
        <label>Backend <select aria-label="Backend" value={backend} onChange={(e) => setBackend(e.target.value as TuneBackend)}>
          {(['cpu', 'vulkan', 'cuda', 'metal'] as const).map((b) => <option key={b}>{b}</option>)}
        </select></label>
        <label>Budget (min) <input aria-label="Budget minutes" value={minutes} onChange={(e) => setMinutes(e.target.value)} size={4} /></label>
        <label>Generate <input aria-label="Generated tokens" value={generate} onChange={(e) => setGenerate(e.target.value)} size={4} /></label>
      </div>
      <button type="submit" disabled={!ready || state.status === 'loading'}>{state.status === 'loading' ? 'Starting…' : 'Tune'}</button>
      {state.status === 'error' && <ErrorPanel error={state.error} />}
    </form>
  );
}
