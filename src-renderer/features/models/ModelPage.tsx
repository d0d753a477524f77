import { useEffect, useMemo, useState } from 'react';
import type { ModelRef } from '../../../src-shared/contract/models';
import type { KvCacheType } from '../../../src-shared/contract/settings';
import type { HardwareReport } from '../../../src-shared/contract/hardware';
import type { ModelGeometry } from '../../../src-shared/domain/models/ModelGeometry';
import type { WeightTensor } from '../../../src-shared/domain/memory/estimateMemory';
import { findPreset } from '../../../src-shared/domain/models/modelPresets';
import { useChannel } from '../../bridge/useChannel';
import { navigate } from '../../app/navigation';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { formatBytes } from '../../components/formatBytes';
import { CalibrationNote } from './CalibrationNote';
import { GeometryFacts } from './GeometryFacts';
import { MemoryChart, type Limit } from './MemoryChart';
import { contextLabel, contextSteps, largestFittingContext, memoryCurve, type CurveBase } from './memoryCurve';

interface Model {
  title: string;
  geometry: ModelGeometry;
  tensors: WeightTensor[] | null;
  detail: string;
  metadata: Record<string, unknown> | null;
}

/** One model: its geometry, and its estimated memory against context on this machine's devices. */
export function ModelPage({ path, preset }: { path?: string; preset?: string }) {
  const [inspected, inspect] = useChannel('models:inspect');
  const [hardware, probe] = useChannel('hardware:probe');
  useEffect(() => {
    if (path) void inspect({ path });
    void probe({});
  }, [path, inspect, probe]);
  const model = useMemo<Model | null>(() => {
    if (preset) {
      const p = findPreset(preset);
      return p ? { title: p.name, geometry: p.geometry, tensors: null, detail: `Preset (${p.source}); weights estimated at Q4_K.`, metadata: null } : null;
    }
    if (inspected.status !== 'done') return null;
    const s = inspected.value;
    return { title: s.name ?? s.path.split('/').pop()!, geometry: s.geometry, tensors: s.tensors, detail: `${s.path} · ${formatBytes(s.sizeBytes)} · ${s.fileType ?? 'unknown type'}${s.synthetic ? ' · synthetic (random weights)' : ''}`, metadata: s.metadata };
  }, [preset, inspected]);
  return (
    <div className="screen">
      <header className="screen-head">
        <div>
          <button className="secondary small" onClick={() => navigate('models')}>← Models</button>
          <h1 data-testid="model-title">{model?.title ?? path ?? preset}</h1>
          {model && <p className="muted small">{model.detail}</p>}
        </div>
      </header>
      {inspected.status === 'loading' && <Spinner label="Reading the GGUF header…" />}
      {inspected.status === 'error' && <ErrorPanel error={inspected.error} onRetry={() => path && void inspect({ path })} />}
      {preset && !model && <ErrorPanel error={{ code: 'unknown_preset', message: `Unknown preset "${preset}".`, hint: 'Pick a preset from the Models screen.' }} />}
      {model && (
        <>
          <h2>Geometry</h2>
          <GeometryFacts g={model.geometry} />
          <h2>Memory against context</h2>
          <Estimate model={model} modelRef={path ? { path } : { preset: preset! }} hardware={hardware.status === 'done' ? hardware.value : null} probing={hardware.status === 'loading'} />
          {model.metadata && (
            <details className="raw-metadata">
              <summary>Raw metadata ({Object.keys(model.metadata).length} keys)</summary>
              <pre>{Object.entries(model.metadata).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join('\n')}</pre>
            </details>
          )}
        </>
      )}
    </div>
  );
}

function Estimate({ model, modelRef, hardware, probing }: { model: Model; modelRef: ModelRef; hardware: HardwareReport | null; probing: boolean }) {
  const [kvType, setKvType] = useState<KvCacheType>('f16');
  const [flashAttention, setFlashAttention] = useState(true);
  const gpus = (hardware?.gpus ?? []).filter((g) => !g.integrated && g.vramTotalBytes > 0);
  const [offload, setOffload] = useState(true);
  const useGpus = offload && gpus.length > 0;
  const base: CurveBase = {
    geometry: model.geometry,
    tensors: model.tensors ?? undefined,
    weightType: model.tensors ? undefined : 'q4_K',
    typeK: kvType,
    typeV: kvType,
    flashAttention,
    gpus: useGpus ? gpus.map((g) => ({ name: g.name, weight: g.vramFreeBytes })) : [],
  };
  const steps = contextSteps(model.geometry.contextLength);
  const points = memoryCurve(base, steps);
  const limits: Limit[] = [
    ...gpus.map((g, i): Limit => ({ label: `${g.name} free VRAM`, bytes: g.vramFreeBytes, color: ['#f06a6a', '#f0a36a', '#e06ad0'][i % 3]! })),
    ...(hardware ? [{ label: 'RAM available', bytes: hardware.memory.availableBytes, color: '#4cc3c3' }] : []),
  ];
  const budget = useGpus ? gpus.reduce((s, g) => s + g.vramFreeBytes, 0) : (hardware?.memory.availableBytes ?? 0);
  const limit = steps.at(-1)!;
  const fits = hardware ? largestFittingContext(base, budget, limit) : null;
  return (
    <div className="model-estimate">
      <div className="toolbar">
        <label>KV cache <select value={kvType} onChange={(e) => setKvType(e.target.value as KvCacheType)}>{(['f16', 'q8_0', 'q4_0'] as const).map((t) => <option key={t}>{t}</option>)}</select></label>
        <label><input type="checkbox" checked={flashAttention} onChange={(e) => setFlashAttention(e.target.checked)} /> flash attention</label>
        {gpus.length > 0 && <label><input type="checkbox" checked={offload} onChange={(e) => setOffload(e.target.checked)} /> all layers on the GPU{gpus.length > 1 ? 's' : ''}</label>}
        {probing && <span className="muted small">Reading this machine's memory…</span>}
      </div>
      <MemoryChart points={points} limits={limits} fitsAt={fits ? { label: contextLabel(fits), contextSize: fits } : null} />
      <CalibrationNote model={modelRef} contextSize={fits && fits > 0 ? Math.min(fits, limit) : Math.min(4096, limit)} kvType={kvType} flashAttention={flashAttention} gpuLayers={useGpus ? 'all' : 0} />
      {fits !== null && (
        <p data-testid="fits" className={fits > 0 ? 'ok-line' : 'bad'}>
          {fits === 0
            ? `Does not fit in ${useGpus ? 'VRAM' : 'RAM'} (${formatBytes(budget)}) even at 256 tokens.`
            : `Largest context that fits in ${useGpus ? `free VRAM (${formatBytes(budget)})` : `available RAM (${formatBytes(budget)})`}: ${fits.toLocaleString('en')} tokens${fits >= limit ? ' or more' : ''}.`}
        </p>
      )}
    </div>
  );
}
