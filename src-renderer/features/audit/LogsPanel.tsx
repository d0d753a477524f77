import { useState } from 'react';
import type { AuditRuntime, LogLocation } from '../../../src-shared/contract/audit';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';
import { LogList } from './LogList';
import { LogWatch } from './LogWatch';
import { RUNTIME_NAMES } from './runtimeNames';

/**
 * Each runtime's log where it keeps it; diagnose the last failure or watch it, once the user agrees that Headroom reads it.
 * A journal folder (a copy of a server's /var/log/journal) is searched instead of this machine's journal when given.
 */
export function LogsPanel() {
  const [found, discover] = useChannel('audit:logs');
  const [diagnosis, diagnose] = useChannel('audit:diagnoseLog');
  const [folder, setFolder] = useState('');
  const [picked, setPicked] = useState<LogLocation | null>(null);
  const [path, setPath] = useState('');
  const [runtime, setRuntime] = useState<AuditRuntime | ''>('');
  const [consent, setConsent] = useState(false);
  const pick = (log: LogLocation) => {
    setPicked(log);
    setPath(log.path);
    setRuntime(log.runtime);
  };
  const target = path.trim();
  // A listed entry is read where it was found; a path typed by hand is read in the folder typed above.
  const journalDir = picked && picked.path === target ? picked.journalDir : folder.trim() || null;
  const find = () => void discover(folder.trim() ? { journalDir: folder.trim() } : {});
  return (
    <section className="card logs-panel">
      <div className="card-head">
        <h2>Logs without pasting</h2>
      </div>
      <form
        className="log-finder"
        onSubmit={(e) => {
          e.preventDefault();
          find();
        }}
      >
        <label>
          Journal folder
          <input aria-label="Journal folder" placeholder="optional: a copy of /var/log/journal (empty: this machine's journal)" value={folder} onChange={(e) => setFolder(e.target.value)} />
        </label>
        <button type="submit" className="secondary" disabled={found.status === 'loading'}>
          Find logs
        </button>
      </form>
      {found.status === 'error' && <ErrorPanel error={found.error} />}
      {found.status === 'done' && <LogList logs={found.value.logs} onPick={pick} />}
      <div className="audit-form">
        <label>
          Log
          <input aria-label="Log path" placeholder="a path from the list, or any log file" value={path} onChange={(e) => setPath(e.target.value)} />
        </label>
        <label>
          Runtime
          <select aria-label="Log runtime" value={runtime} onChange={(e) => setRuntime(e.target.value as AuditRuntime | '')}>
            <option value="">from its wording</option>
            {Object.entries(RUNTIME_NAMES).map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="consent">
          <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} /> Let Headroom read this log (it is never changed)
        </label>
        <button className="primary" disabled={!consent || !target || diagnosis.status === 'loading'} onClick={() => void diagnose({ path: target, consent: true, ...(runtime ? { runtime } : {}), ...(journalDir ? { journalDir } : {}) })}>
          Diagnose the last failure
        </button>
      </div>
      {diagnosis.status === 'error' && <ErrorPanel error={diagnosis.error} />}
      {diagnosis.status === 'done' && (
        <div className="log-diagnosis" data-testid="log-diagnosis">
          {diagnosis.value.journalDir && <p className="small muted">Read from the journal folder {diagnosis.value.journalDir}.</p>}
          {diagnosis.value.best ? (
            <>
              <strong>{diagnosis.value.best.title}</strong> <span className="tag">{diagnosis.value.best.category}</span>
              <ul className="evidence">
                {diagnosis.value.best.evidence.map((e) => (
                  <li key={e.line}>
                    line {e.line + diagnosis.value.startLine - 1}: <code>{e.text.trim()}</code>
                  </li>
                ))}
              </ul>
              <p>Fixes: {diagnosis.value.best.fixes.join(' · ')}</p>
            </>
          ) : (
            <p className="ok-line">No known failure since the last start (line {diagnosis.value.startLine}).</p>
          )}
        </div>
      )}
      <LogWatch path={target} runtime={runtime || null} journalDir={journalDir} consent={consent} />
    </section>
  );
}
