import type { Evidence } from '../../../src-shared/knowledge/Diagnosis';

/** Evidence lines, each linked to its place in the log view below. */
export function EvidenceList({ evidence }: { evidence: Evidence[] }) {
  return (
    <ul className="evidence">
      {evidence.map((e) => (
        <li key={e.line}>
          <a href={`#log-line-${e.line}`} onClick={(ev) => { ev.preventDefault(); document.getElementById(`log-line-${e.line}`)?.scrollIntoView({ block: 'center' }); }}>line {e.line}</a>{' '}
          <mark><code>{e.text.trim()}</code></mark>{e.note && <span className="muted small"> — {e.note}</span>}
        </li>
      ))}
    </ul>
  );
}
