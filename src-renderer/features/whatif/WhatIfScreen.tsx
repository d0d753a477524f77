import './whatif.css';
import { useEffect, useState } from 'react';
import type { ModelRef } from '../../../src-shared/contract/models';
import type { RecipeRequest } from '../../../src-shared/contract/recipe';
import type { DeviceAnswer, WhatIfResult } from '../../../src-shared/contract/whatif';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { downloadFile } from '../export/downloadFile';
import { AnswerTable } from './AnswerTable';
import { ContextChart } from './ContextChart';
import { DevicePicker } from './DevicePicker';

const DEFAULT_DEVICES = ['rtx-4060-8gb', 'rtx-3060-12gb', 'rtx-3090-24gb'];

/** `#/whatif?ref=…`: a model (a file, an hf: reference, an https address, preset:NAME) on devices you may not have. */
export function WhatIfScreen({ params }: { params: Record<string, string> }) {
  const [catalogue, loadCatalogue] = useChannel('whatif:catalogue');
  const [answer, ask] = useChannel('whatif:run');
  const [ref, setRef] = useState(params.ref ?? '');
  const [context, setContext] = useState(params.ctx ?? '8192');
  const [chosen, setChosen] = useState<string[]>(DEFAULT_DEVICES);
  const [chooseGpu, setChooseGpu] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);
  useEffect(() => void loadCatalogue({}), []);
  const run = () => {
    setPicked(null);
    void ask({ model: modelRef(ref), devices: chosen, contextSize: Number(context) || undefined, chooseGpu });
  };
  return (
    <div className="screen">
      <header className="screen-head">
        <div>
          <h1>Will it run?</h1>
          <p className="muted">Before the download, and on hardware you don't have: Headroom reads only the model's header, then answers per device from its memory model. A probe on this machine under a budget of the device's size can verify the answer.</p>
        </div>
      </header>
      <form className="whatif-form" onSubmit={(e) => { e.preventDefault(); run(); }}>
        <label>Model <input aria-label="Model" placeholder="hf:owner/repo/file.gguf, owner/repo:Q4_K_M, https://…/file.gguf, a path, or preset:llama-3.1-8b" value={ref} onChange={(e) => setRef(e.target.value)} size={70} /></label>
        <label>Context <input aria-label="Context" type="number" min={256} value={context} onChange={(e) => setContext(e.target.value)} /></label>
        <label><input type="checkbox" checked={chooseGpu} onChange={(e) => setChooseGpu(e.target.checked)} /> Choose my GPU (every catalogue device that runs it)</label>
        {catalogue.status === 'done' && <DevicePicker devices={catalogue.value.devices} chosen={chosen} onChange={setChosen} />}
        {catalogue.status === 'error' && <ErrorPanel error={catalogue.error} />}
        <button className="primary" type="submit" disabled={!ref.trim() || answer.status === 'loading'}>Check these devices</button>
      </form>
      {answer.status === 'loading' && <Spinner label="Reading the header and estimating…" />}
      {answer.status === 'error' && <ErrorPanel error={answer.error} onRetry={run} />}
      {answer.status === 'done' && <Answer result={answer.value} refText={ref} picked={picked} onPick={setPicked} />}
    </div>
  );
}

function Answer({ result, refText, picked, onPick }: { result: WhatIfResult; refText: string; picked: string | null; onPick: (id: string) => void }) {
  const device = result.devices.find((d) => d.id === picked) ?? null;
  const m = result.model;
  return (
    <div data-testid="whatif-result">
      <p data-testid="whatif-model"><strong>{m.name ?? m.ref}</strong> — {m.architecture}, {m.layers} layers, trained context {m.trainedContext.toLocaleString('en-US')}{m.fileType ? `, ${m.fileType}` : ''} <span className="muted small">({m.source})</span></p>
      <AnswerTable result={result} picked={picked} onPick={onPick} />
      <ContextChart result={result} />
      {result.split && (
        <p data-testid="whatif-split">Split over all of them (<code>--tensor-split {result.split.tensorSplit.join(',')}</code>): {result.split.devices.map((d) => `${d.name} ${d.layers} layers`).join(', ')}; largest context {result.split.maxContext.on ?? '—'} (FA on); limited by <strong>{result.split.limitingDevice}</strong>. <span className="muted small">{result.split.label}</span></p>
      )}
      {result.choices && (
        <p data-testid="whatif-choices">Runs at {result.contextSize.toLocaleString('en-US')} tokens on (smallest first): {result.choices.length ? result.choices.map((c) => `${c.name} (max ${c.maxContext ?? '—'})`).join(', ') : 'no catalogue device'}.</p>
      )}
      {result.devices[0] && <p className="muted small" data-testid="speed-basis">{result.devices[0].generationTokensPerSecond.basis}</p>}
      {result.notes.map((n) => <p key={n} className="muted small">{n}</p>)}
      {device ? <DeviceActions device={device} refText={refText} result={result} /> : <p className="muted">Pick a device to verify it on this machine or export its recipe.</p>}
    </div>
  );
}

function DeviceActions({ device, refText, result }: { device: DeviceAnswer; refText: string; result: WhatIfResult }) {
  const [recipe, build] = useChannel('recipe:build');
  const [verify, runVerify] = useChannel('whatif:verify');
  const exportRecipe = () => void build({ ...recipeRequest(device, refText, result), runtimes: ['llama.cpp', 'ollama', 'lmstudio', 'node-llama-cpp'] });
  const path = modelRef(refText);
  return (
    <section className="card" data-testid="device-actions">
      <h3>{device.name}</h3>
      <div className="toolbar">
        <button className="primary" onClick={exportRecipe} disabled={recipe.status === 'loading'}>Export recipe for {device.name}</button>
        {'path' in path || 'preset' in path ? (
          <button onClick={() => void runVerify({ model: 'path' in path ? { path: path.path } : { preset: (path as { preset: string }).preset }, device: device.id })} disabled={verify.status === 'loading'}>Verify on this machine (budgeted probe)</button>
        ) : null}
      </div>
      {verify.status === 'loading' && <Spinner label="Probing under a memory budget of this device's size… (minutes for a large model)" />}
      {verify.status === 'error' && <ErrorPanel error={verify.error} />}
      {verify.status === 'done' && (
        <p data-testid="verify-result">Measured here: {verify.value.maxContext ?? '—'} tokens under {Math.round(verify.value.budgetBytes / 2 ** 20)} MiB ({verify.value.budgetBasis}); estimate {verify.value.estimatedMaxContext ?? '—'} (band {verify.value.band.low ?? '—'}–{verify.value.band.high ?? '—'}): {verify.value.agrees ? 'agrees' : 'differs'}. Step {verify.value.stepId ?? '—'}.</p>
      )}
      {recipe.status === 'error' && <ErrorPanel error={recipe.error} />}
      {recipe.status === 'done' && (
        <div data-testid="whatif-recipe">
          {recipe.value.rendered.map((r) => (
            <div key={r.runtime}>
              <h4>{r.runtime}</h4>
              {r.commands.map((c) => <pre key={c}>{c}</pre>)}
              {r.files.map((f) => (
                <div key={f.name}>
                  <pre>{f.content}</pre>
                  <button className="secondary" onClick={() => downloadFile(f.name, 'text/plain', f.content)}>Download {f.name}</button>
                </div>
              ))}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

/** `preset:NAME` is a preset; anything else is a path or a remote reference, which the backend tells apart. */
function modelRef(text: string): ModelRef {
  const t = text.trim();
  return t.startsWith('preset:') ? { preset: t.slice('preset:'.length) } : { path: t };
}

/** The device's settings as a recipe: its largest estimated (or verified) context with flash attention, all layers or the ones that fit. */
function recipeRequest(d: DeviceAnswer, refText: string, result: WhatIfResult): RecipeRequest {
  const context = d.verified?.maxContext ?? d.maxContext.flashAttention.on ?? result.contextSize;
  const note = `whatif estimate for ${d.name} (${Math.round(d.usableBytes / 2 ** 20)} MiB usable)`;
  const estimated = { kind: 'estimated' as const, note, errorBand: d.maxContext.band.low !== null && d.maxContext.band.high !== null ? { low: d.maxContext.band.low, high: d.maxContext.band.high } : null };
  return {
    from: 'settings',
    model: { path: refText.trim(), name: result.model.name ?? refText.trim() },
    settings: { contextSize: context, flashAttention: true, typeK: 'f16', typeV: 'f16', gpuLayers: d.spill ? d.spill.gpuLayers : 'all' },
    sources: {
      contextSize: d.verified?.stepId ? { kind: 'verified', stepId: d.verified.stepId, note: `measured on this machine under a ${Math.round(d.verified.budgetBytes / 2 ** 20)} MiB budget` } : estimated,
      flashAttention: { kind: 'user', note: 'flash attention on, as the estimate assumed' },
      typeK: { kind: 'user', note: 'f16 KV, as the estimate assumed' },
      typeV: { kind: 'user', note: 'f16 KV, as the estimate assumed' },
      gpuLayers: { kind: 'estimated', note, errorBand: null },
    },
  };
}
