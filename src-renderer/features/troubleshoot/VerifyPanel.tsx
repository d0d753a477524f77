import { useState } from 'react';
import type { ErrorInfo, Result } from '../../../src-shared/contract/envelope';
import type { BudgetMechanism, MemoryBudget, StepResult } from '../../../src-shared/contract/probe';
import type { KvCacheType, SettingsChange } from '../../../src-shared/contract/settings';
import type { OomAnalysis, RankedFix } from '../../../src-shared/knowledge/troubleshoot/OomAnalysis';
import { activeBridge } from '../../bridge/activeBridge';
import { navigate } from '../../app/navigation';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { BeforeAfter } from './BeforeAfter';
import { exportParams } from './exportParams';

const MiB = 1024 * 1024;

/** Where the failing configuration came from, when it was a probe step. */
export interface VerifyBase {
  modelPath: string | null;
  contextSize: number | null;
  flashAttention: boolean | null;
  typeK: KvCacheType | null;
  typeV: KvCacheType | null;
  budget: MemoryBudget | null;
}

type Run =
  | { status: 'idle' }
  | { status: 'running'; label: string }
  | { status: 'done'; before: StepResult; after: StepResult; afterProbeId: string; modelPath: string }
  | { status: 'error'; error: ErrorInfo };

async function unwrap<T>(result: Promise<Result<T>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw r.error;
  return r.value;
}

/** The settings of a fix a probe step can apply (a driver action or an env var it cannot). */
function probeChange(change: SettingsChange): SettingsChange {
  const { contextSize, flashAttention, typeK, typeV, gpuLayers, batchSize, ubatchSize } = change;
  return Object.fromEntries(Object.entries({ contextSize, flashAttention, typeK, typeV, gpuLayers, batchSize, ubatchSize }).filter(([, v]) => v !== undefined));
}

/**
 * Re-runs the failing configuration and the fixed one as probe steps on this machine, under the
 * same memory budget, on the user's model or a synthetic model with the log's geometry.
 */
export function VerifyPanel({ analysis, fix, base }: { analysis: OomAnalysis; fix: RankedFix; base: VerifyBase }) {
  const canSynth = analysis.geometry !== null;
  const [modelKind, setModelKind] = useState<'path' | 'synthetic'>(base.modelPath || !canSynth ? 'path' : 'synthetic');
  const [modelPath, setModelPath] = useState(base.modelPath ?? '');
  const [layers, setLayers] = useState(String(Math.min(4, analysis.geometry?.layers ?? 4)));
  const [contextSize, setContextSize] = useState(String(base.contextSize ?? analysis.settings.contextSize ?? 4096));
  const [mechanism, setMechanism] = useState<BudgetMechanism | 'none'>(base.budget?.mechanism ?? 'addressSpace');
  const [ramMiB, setRamMiB] = useState(base.budget?.ramBytes ? String(Math.round(base.budget.ramBytes / MiB)) : '');
  const [vramMiB, setVramMiB] = useState(base.budget?.vramBytes ? String(Math.round(base.budget.vramBytes / MiB)) : '');
  const [promptFill, setPromptFill] = useState('0.9');
  const [run, setRun] = useState<Run>({ status: 'idle' });

  const budget = (): MemoryBudget | null => {
    if (mechanism === 'none') return null;
    const ram = Number(ramMiB) > 0 ? Math.round(Number(ramMiB) * MiB) : null;
    const vram = Number(vramMiB) > 0 ? Math.round(Number(vramMiB) * MiB) : null;
    return { mechanism, ramBytes: ram, vramBytes: mechanism === 'estimateCap' ? vram : null };
  };

  const verify = async () => {
    try {
      let path = modelPath.trim();
      if (modelKind === 'synthetic') {
        setRun({ status: 'running', label: 'Writing a synthetic model with the log\'s geometry…' });
        const n = Number(layers);
        const synth = await unwrap(activeBridge.api['models:synth']({ geometry: analysis.geometry!, weightType: 'q4_0', ...(Number.isInteger(n) && n > 0 && n < analysis.geometry!.layers ? { layers: n } : {}) }));
        path = synth.path;
      }
      if (!path) throw { code: 'no_model', message: 'No model to verify with.', hint: 'Give the path of the GGUF that failed, or choose the synthetic model.' } satisfies ErrorInfo;
      const common = {
        model: { path },
        contextSize: Number(contextSize),
        flashAttention: base.flashAttention ?? analysis.settings.flashAttention ?? false,
        typeK: base.typeK ?? analysis.settings.typeK ?? 'f16',
        typeV: base.typeV ?? analysis.settings.typeV ?? 'f16',
        budget: budget(),
        promptFill: Number(promptFill) || 0.9,
      } as const;
      setRun({ status: 'running', label: 'Running the failing configuration…' });
      const before = await unwrap(activeBridge.api['probe:verify'](common));
      setRun({ status: 'running', label: 'Running it again with the fix…' });
      const after = await unwrap(activeBridge.api['probe:verify']({ ...common, change: probeChange(fix.change) }));
      setRun({ status: 'done', before: before.step, after: after.step, afterProbeId: after.probeId, modelPath: path });
    } catch (error) {
      setRun({ status: 'error', error: isErrorInfo(error) ? error : { code: 'verify_failed', message: String(error), hint: 'Retry; if it persists, check the probe screen.' } });
    }
  };

  return (
    <section className="card verify" data-testid="verify">
      <div className="card-head"><h3>Verify “{fix.title}” on this machine</h3></div>
      <form className="verify-form" onSubmit={(e) => { e.preventDefault(); void verify(); }}>
        <fieldset>
          <legend>Model</legend>
          <label><input type="radio" name="model" checked={modelKind === 'path'} onChange={() => setModelKind('path')} /> This GGUF file</label>
          <input aria-label="Model file" className="wide" placeholder="/path/to/model.gguf" value={modelPath} onChange={(e) => { setModelPath(e.target.value); setModelKind('path'); }} />
          <label title={canSynth ? undefined : 'The log does not print the model\'s geometry'}><input type="radio" name="model" disabled={!canSynth} checked={modelKind === 'synthetic'} onChange={() => setModelKind('synthetic')} /> A synthetic model with the log's geometry{analysis.geometry ? ` (${analysis.geometry.architecture}, ${analysis.geometry.layers} layers)` : ''}, cut to <input aria-label="Synthetic layers" type="number" min={1} value={layers} onChange={(e) => setLayers(e.target.value)} disabled={!canSynth} /> layers</label>
        </fieldset>
        <div className="toolbar">
          <label>Context <input aria-label="Context size" type="number" min={256} value={contextSize} onChange={(e) => setContextSize(e.target.value)} /></label>
          <label>Memory budget <select aria-label="Budget mechanism" value={mechanism} onChange={(e) => setMechanism(e.target.value as BudgetMechanism | 'none')}>
            <option value="none">none</option>
            <option value="addressSpace">address-space limit (RAM)</option>
            <option value="estimateCap">node-llama-cpp cap (RAM/VRAM)</option>
            <option value="cgroup">cgroup limit (RAM, Linux)</option>
          </select></label>
          <label>RAM (MiB) <input aria-label="RAM budget" type="number" min={1} value={ramMiB} onChange={(e) => setRamMiB(e.target.value)} disabled={mechanism === 'none'} /></label>
          <label>VRAM (MiB) <input aria-label="VRAM budget" type="number" min={1} value={vramMiB} onChange={(e) => setVramMiB(e.target.value)} disabled={mechanism !== 'estimateCap'} /></label>
          <label>Prompt fill <input aria-label="Prompt fill" type="number" min={0.01} max={1} step={0.01} value={promptFill} onChange={(e) => setPromptFill(e.target.value)} /></label>
          <button type="submit" className="primary" disabled={run.status === 'running'}>Verify the fix</button>
        </div>
        <p className="muted small">Runs the failing settings, then the same with the fix, each in a fresh worker under this budget. An address-space limit stands in for a smaller GPU on a machine without one.</p>
      </form>
      {run.status === 'running' && <Spinner label={run.label} />}
      {run.status === 'error' && <ErrorPanel error={run.error} />}
      {run.status === 'done' && (
        <>
          <BeforeAfter before={run.before} after={run.after} />
          <p className={run.after.outcome === 'ok' && run.before.outcome !== 'ok' ? 'ok-line' : 'muted'} data-testid="verify-verdict">
            {run.after.outcome === 'ok' && run.before.outcome !== 'ok' ? 'Verified: the failing configuration now runs with the fix.' : run.after.outcome === 'ok' ? 'Both ran: the failure did not reproduce under this budget, so this does not prove the fix.' : 'The fix did not make it run here: try the next fix, or combine two.'}
          </p>
          {run.after.outcome === 'ok' && <button className="primary" onClick={() => navigate('export', exportParams(run.after, run.afterProbeId, run.modelPath))}>Export these settings as a recipe</button>}
        </>
      )}
    </section>
  );
}

function isErrorInfo(value: unknown): value is ErrorInfo {
  return typeof value === 'object' && value !== null && 'message' in value && 'hint' in value && 'code' in value;
}
