import { useEffect } from 'react';
import type { StepResult } from '../../../src-shared/contract/probe';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';

export interface PickedStep {
  probeId: string;
  step: StepResult;
  modelPath: string;
}

/** Saved probes with failed steps; picking a step hands it to the troubleshooter. */
export function ProbeStepPicker({ onPick }: { onPick: (picked: PickedStep) => void }) {
  const [list, loadList] = useChannel('probe:list');
  const [detail, loadDetail] = useChannel('probe:get');
  useEffect(() => void loadList({}), [loadList]);
  if (list.status === 'loading' || list.status === 'idle') return <Spinner label="Reading saved probes…" />;
  if (list.status === 'error') return <ErrorPanel error={list.error} />;
  const withFailures = list.value.probes.filter((p) => p.failedCount > 0);
  if (withFailures.length === 0) return <p className="empty">No saved probe has a failed step. Run a probe (Probe screen), or paste a log instead.</p>;
  return (
    <div className="probe-step-picker">
      <label>Probe <select aria-label="Probe" defaultValue="" onChange={(e) => e.target.value && void loadDetail({ id: e.target.value })}>
        <option value="" disabled>choose a probe with failed steps</option>
        {withFailures.map((p) => <option key={p.id} value={p.id}>{p.model.name} · {p.failedCount} failed · {new Date(p.createdAt).toLocaleString()}</option>)}
      </select></label>
      {detail.status === 'loading' && <Spinner label="Reading the probe…" />}
      {detail.status === 'error' && <ErrorPanel error={detail.error} />}
      {detail.status === 'done' && (
        <table className="probe-steps small">
          <thead><tr><th>Step</th><th>Context</th><th>Flash attention</th><th>KV</th><th>Outcome</th><th /></tr></thead>
          <tbody>
            {detail.value.steps.filter((s) => s.outcome !== 'ok').map((s) => (
              <tr key={s.id}>
                <td>{s.index + 1}</td><td>{s.contextSize.toLocaleString()}</td><td>{s.flashAttention ? 'on' : 'off'}</td><td>{s.typeK}/{s.typeV}</td>
                <td><span className={`outcome ${s.outcome}`}>{s.outcome}</span> <span className="muted">{s.failure?.classification}</span></td>
                <td><button onClick={() => onPick({ probeId: detail.value.summary.id, step: s, modelPath: detail.value.header.model.path })}>Troubleshoot this step</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
