import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBytes } from '../../components/formatBytes';
import type { ChartPoint } from './chartPoints';
import { contextTick } from './SpeedChart';

/** Measured memory against context, with the limit the probe ran under and where it ran out. */
export function ProbeMemoryChart({ points, limit, boundaries, title }: { points: ChartPoint[]; limit: { label: string; bytes: number } | null; boundaries: { label: string; contextSize: number }[]; title: string }) {
  const contexts = [...points.map((p) => p.contextSize), ...boundaries.map((b) => b.contextSize)];
  const top = Math.max(1, ...points.flatMap((p) => [p.memOn ?? 0, p.memOff ?? 0]), limit?.bytes ?? 0) * 1.1;
  return (
    <figure className="probe-chart" data-testid="memory-chart">
      <figcaption>{title}</figcaption>
      <LineChart width={470} height={260} data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid stroke="#2a3340" strokeDasharray="3 3" />
        <XAxis dataKey="contextSize" type="number" domain={[0, Math.max(1, ...contexts) * 1.05]} stroke="#8b97a6" tickFormatter={contextTick} height={36} label={{ value: 'context (tokens)', position: 'insideBottom', offset: -2, fill: '#8b97a6', fontSize: 12 }} />
        <YAxis stroke="#8b97a6" width={76} domain={[0, top]} tickFormatter={(v: number) => formatBytes(v, 1)} />
        <Tooltip formatter={(v) => formatBytes(Number(v))} labelFormatter={(c) => `context ${c}`} contentStyle={{ background: '#151b23', border: '1px solid #2a3340' }} />
        <Legend verticalAlign="top" height={24} />
        <Line type="linear" dataKey="memOn" name="flash attention on" stroke="#4aa3ff" strokeWidth={2} dot connectNulls isAnimationActive={false} />
        <Line type="linear" dataKey="memOff" name="flash attention off" stroke="#f5b84a" strokeWidth={2} dot connectNulls isAnimationActive={false} />
        {limit && <ReferenceLine y={limit.bytes} stroke="#ff6b6b" strokeDasharray="6 4" label={{ value: `${limit.label} ${formatBytes(limit.bytes)}`, position: 'insideTopLeft', fill: '#ff6b6b', fontSize: 12 }} />}
        {boundaries.map((b) => (
          <ReferenceLine key={b.label} x={b.contextSize} stroke="#ff6b6b" label={{ value: b.label, position: 'insideTopRight', fill: '#ff6b6b', fontSize: 11, angle: -90, offset: 12 }} />
        ))}
      </LineChart>
    </figure>
  );
}
