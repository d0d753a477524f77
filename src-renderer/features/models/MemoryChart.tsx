import { Area, ComposedChart, CartesianGrid, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBytes } from '../../components/formatBytes';
import { contextLabel, type CurvePoint } from './memoryCurve';

/** A memory limit drawn across the chart (a GPU's VRAM, the RAM). */
export interface Limit {
  label: string;
  bytes: number;
  color: string;
}

const GiB = 1024 ** 3;

/**
 * Estimated memory against context size: weights, KV cache and compute stacked, the devices' memory as
 * horizontal lines, and the largest context that fits marked.
 */
export function MemoryChart({ points, limits, fitsAt }: { points: CurvePoint[]; limits: Limit[]; fitsAt: { label: string; contextSize: number } | null }) {
  const top = Math.max(...points.map((p) => p.total), ...limits.map((l) => l.bytes)) * 1.08;
  const nearest = fitsAt && points.reduce((best, p) => (p.contextSize <= fitsAt.contextSize ? p : best), points[0]!);
  return (
    <figure className="memory-chart" data-testid="memory-chart">
      <ComposedChart width={760} height={340} data={points} margin={{ top: 10, right: 24, bottom: 10, left: 10 }}>
        <CartesianGrid stroke="#2a3340" strokeDasharray="3 3" />
        <XAxis dataKey="label" stroke="#8b97a6" label={{ value: 'context (tokens)', position: 'insideBottom', offset: -4, fill: '#8b97a6' }} height={40} />
        <YAxis stroke="#8b97a6" domain={[0, top]} tickFormatter={(v: number) => `${(v / GiB).toFixed(v < 4 * GiB ? 1 : 0)} GiB`} width={70} />
        <Tooltip formatter={(v) => formatBytes(Number(v))} contentStyle={{ background: '#151b23', border: '1px solid #2a3340' }} />
        <Legend verticalAlign="top" height={28} />
        <Area type="monotone" dataKey="weights" name="weights" stackId="m" stroke="#5b8def" fill="#5b8def" fillOpacity={0.55} isAnimationActive={false} />
        <Area type="monotone" dataKey="kv" name="KV cache" stackId="m" stroke="#e0a84b" fill="#e0a84b" fillOpacity={0.55} isAnimationActive={false} />
        <Area type="monotone" dataKey="compute" name="compute + output" stackId="m" stroke="#9b7be0" fill="#9b7be0" fillOpacity={0.55} isAnimationActive={false} />
        {limits.map((l) => (
          <ReferenceLine key={l.label} y={l.bytes} stroke={l.color} strokeDasharray="6 4" label={{ value: `${l.label} ${formatBytes(l.bytes)}`, position: 'insideTopRight', fill: l.color, fontSize: 12 }} />
        ))}
        {nearest && <ReferenceLine x={nearest.label} stroke="#4cc38a" strokeWidth={2} label={{ value: `fits up to ${contextLabel(fitsAt.contextSize)}`, position: 'insideTopRight', fill: '#4cc38a', fontSize: 12 }} />}
      </ComposedChart>
      <figcaption className="muted small">Estimated by Headroom's memory model (weights from the file's tensors or the geometry, KV cache to llama.cpp's rules, compute ±25 %). A probe measures the real figure.</figcaption>
    </figure>
  );
}
