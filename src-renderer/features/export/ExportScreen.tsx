import { useEffect, useState } from 'react';
import type { RecipeBuild, RecipeRequest } from '../../../src-shared/contract/recipe';
import type { Runtime } from '../../../src-shared/contract/settings';
import { navigate } from '../../app/navigation';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { DownloadReport } from './DownloadReport';
import { exportTarget } from './exportRequest';
import { ProbePicker } from './ProbePicker';
import { RuntimePanel } from './RuntimePanel';
import { RUNTIME_LABELS } from './runtimeLabels';
import { SettingsTable } from './SettingsTable';

/**
 * `#/export?probe=<id>[&ctx=N]` or `#/export?settings=<json>`: the verified settings for every
 * runtime, with copy buttons, the source of every number on hover, and the downloadable report.
 */
export function ExportScreen({ params }: { params: Record<string, string> }) {
  const target = exportTarget(params);
  return (
    <div className="screen export">
      <header className="screen-head">
        <div>
          <h1>Export settings</h1>
          <p className="muted">What this machine verified, written for the runtime you use. Hover a number to see where it came from.</p>
        </div>
      </header>
      {target.kind === 'pick' && <ProbePicker />}
      {target.kind === 'invalid' && <ErrorPanel error={{ code: 'invalid_link', message: target.message, hint: 'Open the Export screen from a finished probe or from the troubleshooter.' }} />}
      {target.kind === 'request' && <RecipeView key={JSON.stringify(target.request)} request={target.request} params={params} />}
    </div>
  );
}

function RecipeView({ request, params }: { request: RecipeRequest; params: Record<string, string> }) {
  const [state, build] = useChannel('recipe:build');
  useEffect(() => void build(request), [build, request]);
  const retry = () => void build(request);
  if (state.status === 'idle' || state.status === 'loading') return <Spinner label="Writing the recipe…" />;
  if (state.status === 'error') return <ErrorPanel error={state.error} onRetry={retry} />;
  return <RecipeResult value={state.value} request={request} params={params} />;
}

function RecipeResult({ value, request, params }: { value: RecipeBuild; request: RecipeRequest; params: Record<string, string> }) {
  const { recipe } = value;
  const [runtime, setRuntime] = useState<Runtime>((params.runtime as Runtime) ?? 'ollama');
  const rendered = value.rendered.find((r) => r.runtime === runtime) ?? value.rendered[0]!;
  const probeId = recipe.probeId;
  return (
    <div data-testid="recipe-result">
      <p className="big">
        <strong>{recipe.model.name}</strong>{' '}
        <span className="muted">
          {recipe.basis === 'probe' && `· verified by probe ${probeId}`}
          {recipe.basis === 'settings' && `· settings from the troubleshooter${probeId ? ` (probe ${probeId})` : ''}`}
          {recipe.basis === 'estimate' && '· estimated by the memory model, not run'}
        </span>
      </p>
      {recipe.warnings.length > 0 && (
        <ul className="warnings" data-testid="recipe-warnings">
          {recipe.warnings.map((w) => (
            <li key={w.code + w.message} className="warning">
              {w.message}
              <p className="hint">{w.hint}</p>
            </li>
          ))}
        </ul>
      )}
      {recipe.suggestions.length > 0 && (
        <section className="card suggestions">
          <h3>To fit more context (not verified)</h3>
          <ul>
            {recipe.suggestions.map((s) => (
              <li key={s.title}>
                <strong>{s.title}</strong> <span className="muted small">({s.source})</span>
                <div className="small">{s.why}</div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {request.from === 'probe' && <ContextForm probeId={request.probeId!} current={recipe.settings.contextSize} max={recipe.verifiedMaxContextSize} />}
      <h2>Settings</h2>
      <SettingsTable recipe={recipe} />
      <h2>For your runtime</h2>
      <div className="tabs" role="tablist" aria-label="Runtime">
        {value.rendered.map((r) => (
          <button key={r.runtime} role="tab" aria-selected={r.runtime === rendered.runtime} onClick={() => setRuntime(r.runtime)}>
            {RUNTIME_LABELS[r.runtime]}
          </button>
        ))}
      </div>
      <RuntimePanel key={rendered.runtime} rendered={rendered} recipe={recipe} />
      {probeId && (
        <>
          <h2>Report</h2>
          <DownloadReport probeId={probeId} />
        </>
      )}
    </div>
  );
}

/** Ask for a different context: at most the verified one is claimed; more gives the suggestions. */
function ContextForm({ probeId, current, max }: { probeId: string; current: number; max: number | null }) {
  const [ctx, setCtx] = useState(String(current));
  return (
    <form
      className="toolbar"
      onSubmit={(e) => {
        e.preventDefault();
        navigate('export', { probe: probeId, ctx });
      }}
    >
      <label>
        Context I want{' '}
        <input type="number" min={1} value={ctx} onChange={(e) => setCtx(e.target.value)} aria-label="Context I want (tokens)" />
      </label>
      <button className="secondary" type="submit">
        Update
      </button>
      {max !== null && <span className="muted small">verified up to {max} tokens</span>}
    </form>
  );
}
