import type { Match } from '../../../src-shared/knowledge/Diagnosis';
import type { Runtime } from '../../../src-shared/contract/settings';
import { EvidenceList } from './EvidenceList';
import { FixList } from './FixList';

const FACT_LABELS: Record<string, string> = {
  requestedMiB: 'requested (MiB)', freeMiB: 'free (MiB)', totalMiB: 'total (MiB)', contextSize: 'context', trainedContext: 'trained context', promptTokens: 'prompt tokens',
  layersOffloaded: 'GPU layers', layersTotal: 'model layers', kvCacheMiB: 'KV cache (MiB)', modelMiB: 'weights on GPU (MiB)', computeMiB: 'compute (MiB)', oomStage: 'ran out at',
};

/** A knowledge-base entry that matched: its cause, evidence, the numbers read from the log, and its fixes.
 * `ranked`: shown under a candidate, whose confidence replaces the entry's own. Defaults to false. */
export function MatchDetail({ match, runtime, onTroubleshoot, ranked = false }: { match: Match; runtime: Runtime | null; onTroubleshoot?: (() => void) | undefined; ranked?: boolean }) {
  const facts = Object.entries(match.extracted).filter(([k]) => FACT_LABELS[k]);
  return (
    <section className="best-match">
      <h2 className="match-title" data-testid="match-title">{match.title}</h2>
      {/* Under a ranked candidate, the candidate's confidence (which answers re-rank) is the one shown. */}
      <p className="muted small">{ranked ? '' : `confidence ${match.confidence.toFixed(2)} · `}entry {match.id} · seen in {match.references.join(', ')}</p>
      <p>{match.cause}</p>
      {onTroubleshoot && <button className="primary" onClick={onTroubleshoot}>Troubleshoot this out-of-memory step by step</button>}
      <h2>Evidence</h2>
      <EvidenceList evidence={match.evidence} />
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
