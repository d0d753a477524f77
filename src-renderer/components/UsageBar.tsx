import { formatBytes } from './formatBytes';

export interface UsageSegment {
  label: string;
  bytes: number;
  tone: 'others' | 'free' | 'used' | 'model' | 'kv' | 'compute';
}

/** A horizontal bar of a device's memory split into labelled segments, with a legend. */
export function UsageBar({ total, segments, label }: { total: number; segments: UsageSegment[]; label: string }) {
  return (
    <div className="usage">
      <div className="usage-bar" role="img" aria-label={`${label}: ${segments.map((s) => `${s.label} ${formatBytes(s.bytes)}`).join(', ')} of ${formatBytes(total)}`}>
        {segments.map((s) => (
          <span key={s.label} className={`seg seg-${s.tone}`} style={{ width: `${total > 0 ? (100 * s.bytes) / total : 0}%` }} title={`${s.label}: ${formatBytes(s.bytes)}`} />
        ))}
      </div>
      <div className="usage-legend">
        {segments.map((s) => (
          <span key={s.label}>
            <i className={`swatch seg-${s.tone}`} aria-hidden /> {s.label} {formatBytes(s.bytes)}
          </span>
        ))}
        <span className="muted">of {formatBytes(total)}</span>
      </div>
    </div>
  );
}
