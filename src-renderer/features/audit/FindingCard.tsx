import type { Finding } from '../../../src-shared/contract/audit';
import { CopyButton } from '../export/CopyButton';
import { downloadFile } from '../export/downloadFile';

/** A finding: what is wrong, the facts it rests on, and the fix to copy or save. */
export function FindingCard({ finding: f }: { finding: Finding }) {
  const text = f.fix.command ?? f.fix.line;
  const save = () => downloadFile(`headroom-fix-${f.id}.txt`, 'text/plain', `# ${f.fix.title}\n# ${f.message}\n${text}\n`);
  return (
    <article className={`finding finding-${f.severity}`} data-testid="finding" data-id={f.id} data-entry={f.knowledgeEntry ?? undefined}>
      <div className="card-head">
        <span className={`badge severity-${f.severity}`}>{f.severity}</span>
        <strong>{f.message}</strong>
      </div>
      <ul className="evidence">
        {f.evidence.map((e, i) => (
          <li key={i}>
            <span className="muted">{e.source}</span> · {e.field} = <code>{String(e.value)}</code>
          </li>
        ))}
      </ul>
      <div className="fix">
        <div>
          <strong>Fix:</strong> {f.fix.title}
        </div>
        <pre data-testid="fix-line">{f.fix.line}</pre>
        {f.fix.command && <pre className="fix-command" data-testid="fix-command">{f.fix.command}</pre>}
        <div className="toolbar">
          <CopyButton text={text} label={`the fix for ${f.id}`} />
          <button className="secondary" onClick={save}>
            Save fix
          </button>
          {f.knowledgeEntry && <span className="tag">knowledge base: {f.knowledgeEntry}</span>}
        </div>
      </div>
    </article>
  );
}
