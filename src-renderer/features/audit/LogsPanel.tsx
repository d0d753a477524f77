import { useState } from 'react';
import type { AuditRuntime, LogLocation } from '../../../src-shared/contract/audit';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';
import { LogWatch } from './LogWatch';
import { RUNTIME_NAMES } from './runtimeNames';

/** Each runtime's log where it keeps it; diagnose the last failure or watch it, once the user agrees that Headroom reads it. */
export function LogsPanel() {
  const [found, discover] = useChannel('audit:logs');
  const [diagnosis, diagnose] = useChannel('audit:diagnoseLog');
  const [path, setPath] = useState('');
  const [runtime, setRuntime] = useState<AuditRuntime | ''>('');
  const [consent, setConsent] = useState(false);
  const pick = (log: LogLocation) => {
    setPath(log.path);
    setRuntime(log.runtime);
  };
  const target = path.trim();
  return (
    <section className="card logs-panel">
      <div className="card-head">
        <h2>Logs without pasting</h2>
        <button className="secondary" onClick={() => void discover({})} disabled={found.status === 'loading'}>
          Find logs
        </button>
      </div>
      {found.status === 'error' && <ErrorPanel error={found.error} />}
      {found.status === 'done' && (
        <ul className="log-list" data-testid="log-list">
          {found.value.logs.map((l) => (
            <li key={`${l.runtime}:${l.path}`} className={l.exists ? '' : 'muted'}>
              <button className="link" onClick={() => pick(l)} disabled={!l.exists}>
                {RUNTIME_NAMES[l.runtime]} · {l.path}
              </button>{' '}
              <span className="small muted">{l.exists ? (l.sizeBytes !== null ? `${l.sizeBytes.toLocaleString('en-US')} bytes` : 'found') : 'not here'} — {l.note}</span>
            </li>
          ))}
        </ul>
      )}
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
        <button className="primary" disabled={!consent || !target || diagnosis.status === 'loading'} onClick={() => void diagnose({ path: target, consent: true, ...(runtime ? { runtime } : {}) })}>
          Diagnose the last failure
        </button>
      </div>
      {diagnosis.status === 'error' && <ErrorPanel error={diagnosis.error} />}
      {diagnosis.status === 'done' && (
        <div className="log-diagnosis" data-testid="log-diagnosis">
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
      <LogWatch path={target} runtime={runtime || null} consent={consent} />
    </section>
  );
}
