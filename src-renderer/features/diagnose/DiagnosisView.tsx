import type { Diagnosis, Match } from '../../../src-shared/knowledge/Diagnosis';
import type { Runtime } from '../../../src-shared/contract/settings';
import { RuntimeSchema } from '../../../src-shared/contract/settings';
import { FixList } from './FixList';
import { LogView } from './LogView';

const OOM = new Set(['gpu_oom_weights', 'gpu_oom_kv_cache', 'gpu_oom_compute_buffer', 'host_oom']);
const FACT_LABELS: Record<string, string> = {
  requestedMiB: 'requested (MiB)', freeMiB: 'free (MiB)', totalMiB: 'total (MiB)', contextSize: 'context', trainedContext: 'trained context', promptTokens: 'prompt tokens',
  layersOffloaded: 'GPU layers', layersTotal: 'model layers', kvCacheMiB: 'KV cache (MiB)', modelMiB: 'weights on GPU (MiB)', computeMiB: 'compute (MiB)', oomStage: 'ran out at',
};

/** Shows where in the log and why. */
export function DiagnosisView({ diagnosis, text, onTroubleshoot }: { diagnosis: Diagnosis; text: string; onTroubleshoot?: () => void }) {
  const [best, ...others] = diagnosis.matches;
  const runtime = RuntimeSchema.safeParse(diagnosis.runtime).success ? (diagnosis.runtime as Runtime) : null;
  return (
    <div className="diagnosis" data-testid="diagnosis">
      <div className="diagnosis-head">
        <span className={`category cat-${diagnosis.category}`} data-testid="diagnosis-category">{diagnosis.category}</span>
        <span className="muted small">{diagnosis.lines.toLocaleString()} lines{diagnosis.runtime ? ` · ${diagnosis.runtime}` : ''}{diagnosis.backend ? ` · ${diagnosis.backend}` : ''} · read in {diagnosis.durationMs.toFixed(0)} ms</span>
      </div>
      {best ? <BestMatch match={best} runtime={runtime} onTroubleshoot={OOM.has(best.category) ? onTroubleshoot : undefined} /> : (
        <p className="empty">No known failure matched this log. Paste more of it around the failure: the lines before an error usually name what was being loaded or allocated.</p>
      )}
      {others.length > 0 && (
        <>
          <h2>Also matched</h2>
          <ul className="other-matches">
            {others.map((m) => <li key={m.id}><span className="tag">{m.category}</span> {m.title} <span className="muted small">confidence {m.confidence.toFixed(2)}</span></li>)}
          </ul>
        </>
      )}
      <h2>The log</h2>
      <LogView text={text} lineCount={diagnosis.lines} evidence={best?.evidence ?? []} />
    </div>
  );
}

function BestMatch({ match, runtime, onTroubleshoot }: { match: Match; runtime: Runtime | null; onTroubleshoot?: () => void }) {
  const facts = Object.entries(match.extracted).filter(([k]) => FACT_LABELS[k]);
  return (
    <section className="best-match">
      <h2 className="match-title" data-testid="match-title">{match.title}</h2>
      <p className="muted small">confidence {match.confidence.toFixed(2)} · entry {match.id} · seen in {match.references.join(', ')}</p>
      <p>{match.cause}</p>
      {onTroubleshoot && <button className="primary" onClick={onTroubleshoot}>Troubleshoot this out-of-memory step by step</button>}
      <h2>Evidence</h2>
      <ul className="evidence">
        {match.evidence.map((e) => (
          <li key={e.line}>
            <a href={`#log-line-${e.line}`} onClick={(ev) => { ev.preventDefault(); document.getElementById(`log-line-${e.line}`)?.scrollIntoView({ block: 'center' }); }}>line {e.line}</a>{' '}
            <code>{e.text.trim()}</code>{e.note && <span className="muted small"> — {e.note}</span>}
          </li>
        ))}
      </ul>
      {facts.length > 0 && (
        <dl className="facts" data-testid="extracted">
          {facts.map(([k, v]) => <div key={k} style={{ display: 'contents' }}><dt>{FACT_LABELS[k]}</dt><dd>{typeof v === 'number' ? v.toLocaleString() : String(v)}</dd></div>)}
        </dl>
      )}
      <h2>What to change</h2>
      <FixList fixes={match.fixes} initialRuntime={runtime} />
    </section>
  );
}
