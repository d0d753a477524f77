import type { OomAnalysis } from '../../../src-shared/knowledge/troubleshoot/OomAnalysis';
import { UsageBar, type UsageSegment } from '../../components/UsageBar';

const MiB = 1024 * 1024;
const fmt = (n: number | null) => (n === null ? '—' : `${Math.round(n).toLocaleString()} MiB`);

/** Weights + KV cache + compute against the device's memory, each number with where it comes from. */
export function MemoryPictureCard({ analysis, deviceSource }: { analysis: OomAnalysis; deviceSource: string | null }) {
  const p = analysis.picture;
  const parts: [string, UsageSegment['tone'], typeof p.weights][] = [['Weights', 'model', p.weights], ['KV cache', 'kv', p.kvCache], ['Compute', 'compute', p.compute]];
  const segments: UsageSegment[] = parts.filter(([, , v]) => v).map(([label, tone, v]) => ({ label, tone, bytes: v!.mib * MiB }));
  const needed = segments.reduce((s, x) => s + x.bytes, 0);
  const total = Math.max(needed, (p.totalMiB ?? 0) * MiB);
  return (
    <section className="card memory-picture" data-testid="memory-picture">
      <div className="card-head"><h3>Memory picture</h3>{p.device && <span className="tag">{p.device}</span>}{deviceSource && <span className="muted small">{deviceSource}</span>}</div>
      {segments.length > 0 && total > 0 ? <UsageBar total={total} segments={segments} label="Memory the run needed" /> : <p className="muted">The log does not give the sizes of the weights, KV cache or compute buffers.</p>}
      <table className="small">
        <tbody>
          {parts.map(([label, , v]) => <tr key={label}><th>{label}</th><td>{v ? fmt(v.mib) : '—'}</td><td className="muted">{v ? `from the ${v.source}` : 'unknown'}</td></tr>)}
          <tr><th>Device memory</th><td>{fmt(p.totalMiB)}</td><td className="muted">{p.totalMiB === null ? 'unknown' : 'total'}</td></tr>
          <tr><th>Free when it failed</th><td>{fmt(p.freeMiB)}</td><td /></tr>
          <tr><th>Asked for</th><td>{fmt(p.requestedMiB)}</td><td className="muted">the allocation that failed</td></tr>
          {p.gapMiB !== null && <tr><th>Missing</th><td className="bad" data-testid="gap">{fmt(p.gapMiB)}</td><td /></tr>}
        </tbody>
      </table>
    </section>
  );
}
