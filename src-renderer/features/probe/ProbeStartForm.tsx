import { useState } from 'react';
import type { BudgetMechanism, MemoryCheck, ProbeStart } from '../../../src-shared/contract/probe';
import { presetNames } from '../../../src-shared/domain/models/modelPresets';
import { parseByteSize } from '../../../src-shared/domain/probe/parseByteSize';
import { navigate } from '../../app/navigation';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';

const MECHANISMS: { value: BudgetMechanism | 'none'; label: string }[] = [
  { value: 'none', label: 'no limit (the machine’s own)' },
  { value: 'cgroup', label: 'cgroup — real kill, also mid-evaluation' },
  { value: 'addressSpace', label: 'address space (prlimit) — fails at context creation' },
  { value: 'estimateCap', label: 'node-llama-cpp estimate — refuses before allocating' },
];

/** The one-click start: a model (a file or a preset) and, optionally, a memory budget. */
export function ProbeStartForm({ initialPath }: { initialPath: string }) {
  const [source, setSource] = useState<'path' | 'preset'>(initialPath ? 'path' : 'path');
  const [path, setPath] = useState(initialPath);
  const [preset, setPreset] = useState(presetNames[0] ?? '');
  const [layers, setLayers] = useState('2');
  const [mechanism, setMechanism] = useState<BudgetMechanism | 'none'>('none');
  const [limit, setLimit] = useState('4GiB');
  const [promptFill, setPromptFill] = useState('0.9');
  const [memoryCheck, setMemoryCheck] = useState<MemoryCheck>('estimate');
  const [minutes, setMinutes] = useState('');
  const cap = minutes.trim() === '' ? null : Number(minutes);
  const capValid = cap === null || (Number.isFinite(cap) && cap > 0);
  const [floorText, setFloorText] = useState('');
  const floor = floorText.trim() === '' ? null : Number(floorText);
  const floorValid = floor === null || (Number.isFinite(floor) && floor > 0);
  const [depthsText, setDepthsText] = useState('');
  const depths = parseDepths(depthsText);
  const [state, start] = useChannel('probe:start');
  const limitBytes = parseByteSize(limit);

  const submit = (mode: ProbeStart['mode']) => {
    const budget = mechanism === 'none' || limitBytes === null ? null : { mechanism, ramBytes: limitBytes, vramBytes: null };
    const model = source === 'path' ? { path: path.trim() } : { preset, ...(Number(layers) > 0 && { layers: Number(layers) }) };
    const findMax = mode === 'findMax' && { ...(floor !== null && { minGenerationTps: floor }), ...(depths && depths.length > 0 && { speedDepths: depths }) };
    void start({ model, mode, budget, memoryCheck, promptFill: Number(promptFill) || 0.9, ...(cap !== null && { budgetMs: Math.round(cap * 60_000) }), ...findMax }).then((r) => r.ok && navigate('probe', { id: r.value.id }));
  };
  const ready = (source === 'path' ? path.trim() !== '' : preset !== '') && (mechanism === 'none' || limitBytes !== null) && capValid && floorValid && depths !== null;
  return (
    <form className="card probe-start" onSubmit={(e) => (e.preventDefault(), submit('findMax'))} aria-label="Start a probe">
      <div className="row">
        <label><input type="radio" checked={source === 'path'} onChange={() => setSource('path')} /> GGUF file</label>
        <label><input type="radio" checked={source === 'preset'} onChange={() => setSource('preset')} /> synthetic preset</label>
      </div>
      {source === 'path' ? (
        <input aria-label="Model path" placeholder="/path/to/model.gguf" value={path} onChange={(e) => setPath(e.target.value)} className="wide" />
      ) : (
        <div className="row">
          <select aria-label="Preset" value={preset} onChange={(e) => setPreset(e.target.value)}>
            {presetNames.map((p) => <option key={p}>{p}</option>)}
          </select>
          <label>layers <input aria-label="Layers" type="number" min={1} value={layers} onChange={(e) => setLayers(e.target.value)} /></label>
          <span className="muted small">fewer layers: same attention shape, smaller file</span>
        </div>
      )}
      <div className="row">
        <label>Memory budget <select aria-label="Budget mechanism" value={mechanism} onChange={(e) => setMechanism(e.target.value as BudgetMechanism | 'none')}>
          {MECHANISMS.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
        </select></label>
        {mechanism !== 'none' && <input aria-label="Memory limit" value={limit} onChange={(e) => setLimit(e.target.value)} className={limitBytes === null ? 'invalid' : ''} size={8} />}
        <label>prompt fill <input aria-label="Prompt fill" value={promptFill} onChange={(e) => setPromptFill(e.target.value)} size={4} /></label>
        <label title="The whole probe stops within this many minutes; steps that would not fit are skipped and named. Empty: no cap.">
          time cap (min) <input aria-label="Time cap in minutes" value={minutes} onChange={(e) => setMinutes(e.target.value)} className={capValid ? '' : 'invalid'} size={4} placeholder="none" />
        </label>
        <label title="Estimate: node-llama-cpp refuses what its estimate says will not fit (safe without a budget). Allocate: llama.cpp really allocates, so the limit found is the device's real one.">
          memory check{' '}
          <select aria-label="Memory check" value={memoryCheck} onChange={(e) => setMemoryCheck(e.target.value as MemoryCheck)}>
            <option value="estimate">trust the estimate</option>
            <option value="allocate">really allocate</option>
          </select>
        </label>
      </div>
      <div className="row">
        <label title="Find max context: the largest measured context whose generation reaches this speed, reported apart from memory (--min-generation-tps). Empty: none.">
          speed floor (gen tok/s) <input aria-label="Speed floor in generation tokens per second" value={floorText} onChange={(e) => setFloorText(e.target.value)} className={floorValid ? '' : 'invalid'} size={4} placeholder="none" />
        </label>
        <label title="Find max context: depths (tokens already in the cache) at which prompt and generation speed are measured, comma-separated (--speed-depths). Empty: a quarter of the maximum found.">
          speed at depths <input aria-label="Speed depths" value={depthsText} onChange={(e) => setDepthsText(e.target.value)} className={depths === null ? 'invalid' : ''} size={14} placeholder="¼ of the max" />
        </label>
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={!ready || state.status === 'loading'}>Find my max context</button>
        <button type="button" className="secondary" disabled={!ready || state.status === 'loading'} onClick={() => submit('compareFlashAttention')}>Compare flash attention</button>
      </div>
      {state.status === 'error' && <ErrorPanel error={state.error} />}
    </form>
  );
}

/** "4096, 16384" as whole positive token counts; [] when empty; null when any part is not one. */
function parseDepths(text: string): number[] | null {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const depths = parts.map(Number);
  return depths.every((d) => Number.isInteger(d) && d > 0) ? depths : null;
}
