import { useEffect } from 'react';
import { navigate } from '../../app/navigation';
import { activeBridge } from '../../bridge/activeBridge';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';
import { modeLabel } from './ProbeView';

/** Saved probes, newest first; open one to see it (and resume it if it was cut off). */
export function ProbeList() {
  const [state, list] = useChannel('probe:list');
  useEffect(() => {
    void list({});
    const offs = [activeBridge.on('probe:onStarted', () => void list({})), activeBridge.on('probe:onFinished', () => void list({}))];
    return () => offs.forEach((off) => off());
  }, [list]);
  if (state.status === 'error') return <ErrorPanel error={state.error} onRetry={() => void list({})} />;
  if (state.status !== 'done') return null;
  if (!state.value.probes.length) return <p className="empty">No probes yet.</p>;
  return (
    <table className="probe-list">
      <thead>
        <tr><th>started</th><th>model</th><th>mode</th><th>status</th><th>steps</th><th>max (FA on / off)</th></tr>
      </thead>
      <tbody>
        {state.value.probes.map((p) => (
          <tr key={p.id} className="clickable" onClick={() => navigate('probe', { id: p.id })}>
            <td>{new Date(p.createdAt).toLocaleString()}</td>
            <td>{p.model.name}</td>
            <td>{modeLabel(p.mode)}</td>
            <td><span className={`status ${p.status}`}>{p.status}</span></td>
            <td>{p.stepCount}</td>
            <td>{p.maxContext.flashAttention.on ?? '—'} / {p.maxContext.flashAttention.off ?? '—'}{p.maxContext.verified ? ' ✓' : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
