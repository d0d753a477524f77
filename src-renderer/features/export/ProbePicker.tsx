import { useEffect } from 'react';
import { navigate } from '../../app/navigation';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';

/** Without a probe in the link: the saved probes, to pick the one to export. */
export function ProbePicker() {
  const [state, list] = useChannel('probe:list');
  useEffect(() => void list({}), [list]);
  if (state.status === 'loading' || state.status === 'idle') return <Spinner label="Listing the saved probes…" />;
  if (state.status === 'error') return <ErrorPanel error={state.error} onRetry={() => void list({})} />;
  const probes = state.value.probes;
  if (probes.length === 0) return <p className="empty">No probe yet. Probe a model first: its verified settings are what this screen exports.</p>;
  return (
    <table className="probe-pick">
      <thead>
        <tr>
          <th>Model</th>
          <th>Probe</th>
          <th>Steps</th>
          <th>Max context (FA on / off)</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {probes.map((p) => (
          <tr key={p.id}>
            <td>{p.model.name}</td>
            <td>
              <code>{p.id}</code> <span className="muted small">{p.status}</span>
            </td>
            <td>
              {p.okCount} ok, {p.failedCount} failed
            </td>
            <td>
              {p.maxContext.flashAttention.on ?? '–'} / {p.maxContext.flashAttention.off ?? '–'}
            </td>
            <td>
              <button className="secondary" onClick={() => navigate('export', { probe: p.id })}>
                Export
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
