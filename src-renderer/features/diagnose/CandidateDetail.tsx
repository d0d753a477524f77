import type { Candidate, Match } from '../../../src-shared/knowledge/Diagnosis';
import type { Runtime } from '../../../src-shared/contract/settings';
import { EvidenceList } from './EvidenceList';
import { MatchDetail } from './MatchDetail';

const NOTES: Record<Candidate['basis'], string> = {
  entry: '',
  family: 'The kind of failure is clear, but no known failure matched it exactly, so there is no specific fix for it yet.',
  similarity: 'This log reads like known logs of this kind, but no known failure matched it exactly: check the evidence before you change settings.',
  resemblance: 'Nothing in this log was recognised. Its words resemble known logs of this kind, which is a lead to check, not a diagnosis: paste more of the log (see below) before you change settings.',
};

const OOM = new Set(['gpu_oom_weights', 'gpu_oom_kv_cache', 'gpu_oom_compute_buffer', 'host_oom']);

/** The open candidate: its entry with cause and fixes, or, for a family or similarity, its evidence alone (a similarity has no lines to show: its words are in the deciding fact). */
export function CandidateDetail({ candidate, match, runtime, onTroubleshoot }: { candidate: Candidate; match: Match | undefined; runtime: Runtime | null; onTroubleshoot?: (() => void) | undefined }) {
  const troubleshoot = OOM.has(candidate.category) ? onTroubleshoot : undefined;
  if (match) return <MatchDetail match={match} runtime={runtime} onTroubleshoot={troubleshoot} ranked />;
  return (
    <section className="best-match">
      <h2 className="match-title">{candidate.title}</h2>
      {candidate.evidence.length > 0 && (
        <>
          <h2>Evidence</h2>
          <EvidenceList evidence={candidate.evidence} />
        </>
      )}
      <p className="muted small">
        {NOTES[candidate.basis]}
      </p>
      {troubleshoot && <button className="primary" onClick={troubleshoot}>Troubleshoot this out-of-memory step by step</button>}
    </section>
  );
}
