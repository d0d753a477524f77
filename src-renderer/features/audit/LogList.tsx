import type { LogLocation } from '../../../src-shared/contract/audit';
import { RUNTIME_NAMES } from './runtimeNames';

const sizeOf = (l: LogLocation) => (l.exists ? (l.sizeBytes !== null ? `${l.sizeBytes.toLocaleString('en-US')} bytes` : 'found') : 'not here');

/** The logs discovery found; a journald unit names the journal folder it was found in, since that is what will be read. */
export function LogList({ logs, onPick }: { logs: LogLocation[]; onPick: (log: LogLocation) => void }) {
  return (
    <ul className="log-list" data-testid="log-list">
      {logs.map((l) => (
        <li key={`${l.runtime}:${l.path}:${l.journalDir ?? ''}`} className={l.exists ? '' : 'muted'} data-kind={l.kind}>
          <button className="link" onClick={() => onPick(l)} disabled={!l.exists}>
            {RUNTIME_NAMES[l.runtime]} · {l.path}
          </button>{' '}
          {l.journalDir && <span className="small" data-testid="log-journal-dir">in {l.journalDir}</span>}{' '}
          <span className="small muted">
            {sizeOf(l)} — {l.note}
          </span>
        </li>
      ))}
    </ul>
  );
}
