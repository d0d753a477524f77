import { useState } from 'react';
import type { RankedFix } from '../../../src-shared/knowledge/troubleshoot/OomAnalysis';
import type { Runtime } from '../../../src-shared/contract/settings';
import { describeChange, FixCommands } from '../diagnose/FixList';

/** The fixes for this failure, best first, each with its expected saving; pick one to verify. */
export function RankedFixes({ fixes, selected, onSelect }: { fixes: RankedFix[]; selected: number | null; onSelect: (i: number) => void }) {
  const [runtime, setRuntime] = useState<Runtime>('llama.cpp');
  if (fixes.length === 0) return <p className="empty">The knowledge base has no setting to change for this failure.</p>;
  return (
    <ol className="ranked-fixes" data-testid="ranked-fixes">
      {fixes.map((fix, i) => (
        <li key={`${fix.entry}-${fix.title}`} className={`card fix${selected === i ? ' selected' : ''}`}>
          <label className="fix-pick">
            <input type="radio" name="fix" checked={selected === i} onChange={() => onSelect(i)} disabled={!fix.verifiable} aria-label={fix.title} />
            <strong>{fix.title}</strong>
          </label>
          <div className="small">
            {describeChange(fix.change) && <><span className="muted">Change:</span> <code>{describeChange(fix.change)}</code> · </>}
            <span data-testid="fix-saving">{fix.savingMiB === null ? 'saving unknown' : `saves about ${fix.savingMiB.toLocaleString()} MiB`}</span>
            {fix.closesGap === true && <span className="tag ok-line"> enough</span>}
            {fix.closesGap === false && <span className="tag bad"> not enough alone</span>}
            {!fix.verifiable && <span className="muted"> · not something a probe step can apply</span>}
          </div>
          {fix.change.action && <p className="small">{fix.change.action}</p>}
          {fix.expected && <p className="expected small">{fix.expected}</p>}
          <FixCommands commands={fix.commands} runtime={runtime} onRuntime={setRuntime} />
        </li>
      ))}
    </ol>
  );
}
