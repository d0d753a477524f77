import type { ReactNode } from 'react';
import type { Candidate } from '../../../src-shared/knowledge/Diagnosis';
import { basisInWords } from '../../../src-shared/knowledge/basisInWords';
import { categoryLabel } from './categoryLabel';

/**
 * The possible causes, best first, each with its confidence, where it comes from and the fact that sets it
 * apart. The open one (the best, unless the user opens another) shows `detail` instead of its title: its
 * title, evidence and fixes.
 */
export function CandidateList({ candidates, open, onOpen, detail }: { candidates: Candidate[]; open: number; onOpen: (index: number) => void; detail: (candidate: Candidate) => ReactNode }) {
  return (
    <ol className="candidates" aria-label="Possible causes, best first">
      {candidates.map((c, i) => (
        <li key={c.category} className={`candidate card${i === open ? ' open' : ''}`} data-testid="candidate" data-category={c.category}>
          <button className="candidate-head" aria-expanded={i === open} onClick={() => onOpen(i)}>
            <span className="rank">{i + 1}</span>
            <span className="candidate-category" data-testid="candidate-category">{categoryLabel(c.category)}</span>
            <span className="confidence" data-testid="candidate-confidence">{confidenceInWords(c)}</span>
            <span className="basis muted small" data-testid="candidate-basis">{basisInWords(c.basis, c.entryId)}</span>
          </button>
          {i !== open && <p className="candidate-title">{c.title}</p>}
          <p className="deciding small" data-testid="candidate-deciding"><span className="muted">Deciding fact:</span> {c.decidingFact}</p>
          {i === open && detail(c)}
        </li>
      ))}
    </ol>
  );
}

/**
 * A resemblance is a lead, not a diagnosis: a percentage beside it would read as how sure a diagnosis
 * is (its deciding fact says how strongly the words resemble, which is the one figure that means anything).
 */
function confidenceInWords(c: Candidate): string {
  return c.basis === 'resemblance' ? 'a lead' : `${Math.round(c.confidence * 100)} %`;
}
