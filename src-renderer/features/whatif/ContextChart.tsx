import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { WhatIfResult } from '../../../src-shared/contract/whatif';

/** Largest context per device, flash attention on and off (f16 KV) and q8_0, with the asked context as a line. */
export function ContextChart({ result }: { result: WhatIfResult }) {
  const data = result.devices.map((d) => ({
    name: d.name,
    'FA on': d.maxContext.flashAttention.on ?? 0,
    'FA off': d.maxContext.flashAttention.off ?? 0,
    'q8_0 KV, FA on': d.maxContext.kvCache.q8_0.on ?? 0,
  }));
  return (
    <figure className="memory-chart" data-testid="whatif-chart">
      <BarChart width={760} height={300} data={data} margin={{ top: 10, right: 24, bottom: 10, left: 10 }}>
        <CartesianGrid stroke="#2a3340" strokeDasharray="3 3" />
        <XAxis dataKey="name" stroke="#8b97a6" />
        <YAxis stroke="#8b97a6" width={70} tickFormatter={(v: number) => (v >= 1024 ? `${Math.round(v / 1024)}k` : String(v))} />
        <Tooltip contentStyle={{ background: '#151b23', border: '1px solid #2a3340' }} />
        <Legend verticalAlign="top" height={28} />
        <Bar dataKey="FA on" fill="#4cc38a" isAnimationActive={false} />
        <Bar dataKey="FA off" fill="#e0a84b" isAnimationActive={false} />
        <Bar dataKey="q8_0 KV, FA on" fill="#5b8def" isAnimationActive={false} />
        <ReferenceLine y={result.contextSize} stroke="#e05b5b" strokeDasharray="6 4" label={{ value: `asked: ${result.contextSize}`, position: 'insideTopRight', fill: '#e05b5b', fontSize: 12 }} />
      </BarChart>
      <figcaption className="muted small">Largest context that fits entirely on each device, estimated by Headroom's memory model (tokens). Verified figures are marked in the table.</figcaption>
    </figure>
  );
}
