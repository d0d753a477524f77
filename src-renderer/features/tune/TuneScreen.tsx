import { useEffect } from 'react';
import type { TuneResult } from '../../../src-shared/contract/tune';
import { describeSettings } from '../../../src-shared/domain/tune/settingsKey';
import { navigate } from '../../app/navigation';
import { activeBridge } from '../../bridge/activeBridge';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { ContextChart } from './ContextChart';
import { ParetoChart } from './ParetoChart';
import { TuneStartForm } from './TuneStartForm';
import { useTuneLive } from './useTuneLive';

/** `#/tune` (start, and the tunes so far) or `#/tune?id=<id>` (one tune, live). */
export function TuneScreen({ params }: { params: Record<string, string> }) {
  if (params.id) return <div className="screen"><TuneView id={params.id} /></div>;
  return (
    <div className="screen">
      <header className="screen-head">
        <div>
          <h1>Tune</h1>
          <p className="muted">The fastest settings that fit the context you need: every candidate is a real step in a fresh process, the memory model rules out what cannot fit, and the runtime&apos;s own defaults are measured as a candidate too.</p>
        </div>
      </header>
      <TuneStartForm />
      <TuneList />
    </div>
  );
}

function TuneList() {
  const [state, list] = useChannel('tune:list');
  useEffect(() => void list({}), [list]);
  if (state.status !== 'done' || state.value.tunes.length === 0) return null;
  return (
    <section className="card">
      <h2>Tunes</h2>
      <ul className="plain">
        {state.value.tunes.map((t) => (
          <li key={t.id}>
            <a href={`#/tune?id=${t.id}`}>{t.model.name} at {t.contextSize}</a> <span className="muted">· {t.status} · {t.policy} · {t.engine}{t.winner ? ` · ${describeSettings(t.winner.settings)}` : ''}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function TuneView({ id }: { id: string }) {
  const { result, progress, error } = useTuneLive(id);
  if (error) return <ErrorPanel error={error} />;
  if (!result) return <Spinner label="Loading the tune…" />;
  const running = result.status === 'running';
  return (
    <div data-testid="tune-view">
      <header className="screen-head">
        <div>
          <h1>Tune · {result.model.name}</h1>
          <p className="muted">{result.contextSize} tokens · policy {result.policy} · {result.engine} on {result.backend} · <span data-testid="tune-status">{result.status}</span></p>
        </div>
        {running && <button type="button" onClick={() => void activeBridge.api['tune:cancel']({ id })}>Cancel</button>}
      </header>
      {progress && (
        <p className="card" data-testid="tune-progress" role="status">
          Step {progress.step} of {progress.total}{progress.secondsLeft !== null && `, about ${Math.ceil(progress.secondsLeft)} s left`}: {progress.trying}
        </p>
      )}
      {result.message && <p className="card warning">{result.message}</p>}
      {result.winner && <Winner result={result} />}
      {result.candidates.length > 0 && <ParetoChart result={result} />}
      {result.winner && <ContextChart result={result} />}
      <Candidates result={result} />
      {result.notes.map((n) => <p key={n} className="muted">{n}</p>)}
    </div>
  );
}

function Winner({ result }: { result: TuneResult }) {
  const w = result.winner!;
  const recipe = result.recipe?.recipe;
  const exportLink = recipe && JSON.stringify({ model: recipe.model, settings: recipe.settings, sources: recipe.sources, probeId: result.probeId ?? undefined });
  return (
    <section className="card" data-testid="tune-winner">
      <h2>Winner</h2>
      <p className="big">{describeSettings(w.settings)}</p>
      <p>Prompt {w.promptTokensPerSecond.toFixed(1)} tok/s · generation {w.generationTokensPerSecond.toFixed(1)} tok/s · {w.requestSeconds.toFixed(2)} s per request ({w.runs} run{w.runs === 1 ? '' : 's'}, step {w.stepId})</p>
      {result.runnerUp && <p className="muted">Runner-up: {describeSettings(result.runnerUp.settings)} · {result.runnerUp.requestSeconds.toFixed(2)} s per request</p>}
      <ul>{result.why.map((line) => <li key={line}>{line}</li>)}</ul>
      <table className="steps">
        <thead><tr><th>baseline</th><th>outcome</th><th>prompt tok/s</th><th>generation tok/s</th><th>s/request</th></tr></thead>
        <tbody>
          {result.baselines.map((b) => (
            <tr key={b.name}><td title={b.note}>{b.name}</td><td>{b.outcome}</td><td>{b.promptTokensPerSecond?.toFixed(1) ?? '—'}</td><td>{b.generationTokensPerSecond?.toFixed(1) ?? '—'}</td><td>{b.requestSeconds?.toFixed(2) ?? '—'}</td></tr>
          ))}
        </tbody>
      </table>
      {result.llamaCppFlags.length > 0 && <p>llama.cpp also gets <code>{result.llamaCppFlags.join(' ')}</code> (measured).</p>}
      {exportLink && result.status !== 'running' && <button type="button" onClick={() => navigate('export', { settings: exportLink })}>Export these settings</button>}
    </section>
  );
}

function Candidates({ result }: { result: TuneResult }) {
  if (result.candidates.length === 0) return null;
  const n = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));
  return (
    <table className="steps" data-testid="tune-candidates">
      <thead><tr><th>#</th><th>stage</th><th>engine</th><th>outcome</th><th>prompt tok/s</th><th>generation tok/s</th><th>s/request</th><th>settings</th></tr></thead>
      <tbody>
        {result.candidates.map((c) => (
          <tr key={c.stepId} className={c.stepId === result.winner?.stepId ? 'winner' : undefined}>
            <td>{c.index + 1}</td><td>{c.stage}</td><td>{c.engine}</td><td title={c.failure ?? ''}>{c.outcome}</td><td>{n(c.promptTokensPerSecond)}</td><td>{n(c.generationTokensPerSecond)}</td><td>{n(c.requestSeconds, 2)}</td><td>{describeSettings(c.settings)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
