import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPoint } from './chartPoints';

const ON = '#4aa3ff';
const OFF = '#f5b84a';

/** Tokens per second against context, flash attention on and off as two lines. */
export function SpeedChart({ points, metric, title }: { points: ChartPoint[]; metric: 'pp' | 'tg'; title: string }) {
  return (
    <figure className="probe-chart" data-testid={`speed-chart-${metric}`}>
      <figcaption>{title}</figcaption>
      <LineChart width={470} height={260} data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid stroke="#2a3340" strokeDasharray="3 3" />
        <XAxis dataKey="contextSize" type="number" scale="log" domain={['dataMin', 'dataMax']} stroke="#8b97a6" tickFormatter={contextTick} height={36} label={{ value: 'context (tokens)', position: 'insideBottom', offset: -2, fill: '#8b97a6', fontSize: 12 }} />
        <YAxis stroke="#8b97a6" width={64} tickFormatter={(v: number) => v.toFixed(v < 10 ? 1 : 0)} label={{ value: 'tok/s', angle: -90, position: 'insideLeft', fill: '#8b97a6', fontSize: 12 }} />
        <Tooltip formatter={(v) => `${Number(v).toFixed(1)} tok/s`} labelFormatter={(c) => `context ${c}`} contentStyle={{ background: '#151b23', border: '1px solid #2a3340' }} />
        <Legend verticalAlign="top" height={24} />
        <Line type="linear" dataKey={`${metric}On`} name="flash attention on" stroke={ON} strokeWidth={2} dot connectNulls isAnimationActive={false} />
        <Line type="linear" dataKey={`${metric}Off`} name="flash attention off" stroke={OFF} strokeWidth={2} dot connectNulls isAnimationActive={false} />
      </LineChart>
    </figure>
  );
}

export function contextTick(c: number): string {
  return c >= 1024 ? `${Math.round(c / 1024)}k` : String(c);
}
