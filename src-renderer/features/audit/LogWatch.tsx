import { useEffect, useState } from 'react';
import type { AuditRuntime, WatchEvent } from '../../../src-shared/contract/audit';
import { activeBridge } from '../../bridge/activeBridge';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';

/** Follows a log (a file, or a journald unit in `journalDir` or this machine's journal): diagnoses arrive as events (Server-Sent Events in the browser, IPC in the app). */
export function LogWatch({ path, runtime, journalDir, consent }: { path: string; runtime: AuditRuntime | null; journalDir: string | null; consent: boolean }) {
  const [started, start] = useChannel('audit:watchStart');
  const [, stop] = useChannel('audit:watchStop');
  const [events, setEvents] = useState<WatchEvent[]>([]);
  const watchId = started.status === 'done' ? started.value.watchId : null;
  useEffect(() => {
    if (!watchId) return;
    const off = activeBridge.on('audit:onWatchEvent', (e) => {
      if (e.watchId === watchId) setEvents((list) => [...list, e]);
    });
    return () => {
      off();
      void stop({ watchId });
    };
  }, [watchId, stop]);
  const diagnoses = events.filter((e) => e.event === 'diagnosis');
  return (
    <div className="log-watch">
      <button className="secondary" disabled={!consent || !path || watchId !== null || started.status === 'loading'} onClick={() => void start({ path, consent: true, ...(runtime ? { runtime } : {}), ...(journalDir ? { journalDir } : {}) })}>
        {watchId ? `Watching ${path}` : 'Watch this log'}
      </button>
      {started.status === 'error' && <ErrorPanel error={started.error} />}
      <ul className="watch-events" data-testid="watch-events">
        {diagnoses.map((e, i) => (
          <li key={i} className="finding finding-error">
            <strong>{e.diagnosis.title}</strong> <span className="small muted">{new Date(e.at).toLocaleTimeString()}</span>
            <div>
              <code>{e.line.trim()}</code>
            </div>
            <div className="small">Fixes: {e.diagnosis.fixes.join(' · ')}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}
