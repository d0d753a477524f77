import type { Warning } from '../../../src-shared/contract/hardware';

export function WarningList({ warnings }: { warnings: Warning[] }) {
  if (warnings.length === 0) return <p className="ok-line">No problems found.</p>;
  return (
    <ul className="warnings" aria-label="Warnings">
      {warnings.map((w) => (
        <li key={w.code + w.message} className={`warning ${w.severity}`}>
          <strong>{w.message}</strong>
          <p className="hint">{w.hint}</p>
        </li>
      ))}
    </ul>
  );
}
