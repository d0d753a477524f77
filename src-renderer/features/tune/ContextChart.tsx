import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { TuneCandidate, TuneResult, TuneSettings } from '../../../src-shared/contract/tune';
import { describeSettings, settingsKey } from '../../../src-shared/domain/tune/settingsKey';

type Speed = 'promptTokensPerSecond' | 'generationTokensPerSecond';

/** One line per setting: its measured tok/s at each context it ran at (the search's context and the curve's). */
interface Series {
  key: string;
  name: string;
  color: string;
  points: Array<{ context: number; pp: number | null; tg: number | null }>;
}

const COLORS = { winner: '#4ade80', runnerUp: '#f5b84a', defaults: '#8b97a6' };

/** The key of a setting whatever its context. */
const shapeKey = (s: TuneSettings) => settingsKey({ ...s, contextSize: 0 });

function seriesOf(result: TuneResult): Series[] {
  const ok = result.candidates.filter((c) => c.engine === result.engine && c.outcome === 'ok');
  // The tune's own engine's defaults come last (node-llama-cpp's, measured beside llama.cpp's, come first).
  const defaults = result.baselines.at(-1);
  const wanted: Array<[TuneSettings | null | undefined, string, string]> = [
    [result.winner?.settings, 'winner', COLORS.winner],
    [result.runnerUp?.settings, 'runner-up', COLORS.runnerUp],
    [defaults?.settings, defaults?.name ?? 'defaults', COLORS.defaults],
  ];
  const seen = new Set<string>();
  return wanted.flatMap(([settings, role, color]) => {
    if (!settings || seen.has(shapeKey(settings))) return [];
    seen.add(shapeKey(settings));
    const mine = ok.filter((c) => shapeKey(c.settings) === shapeKey(settings));
    const contexts = [...new Set(mine.map((c) => c.settings.contextSize))].sort((a, b) => a - b);
    const best = (at: TuneCandidate[], speed: Speed) => Math.max(...at.map((c) => c[speed] ?? 0)) || null;
    const points = contexts.map((context) => {
      const at = mine.filter((c) => c.settings.contextSize === context);
      return { context, pp: best(at, 'promptTokensPerSecond'), tg: best(at, 'generationTokensPerSecond') };
    });
    return points.length ? [{ key: shapeKey(settings), name: `${role}: ${describeSettings(settings)}`, color, points }] : [];
  });
}

/** Tok/s against context for the winner, the runner-up and the defaults: prompt and generation side by side. */
export function ContextChart({ result }: { result: TuneResult }) {
  const series = seriesOf(result);
  if (!series.length) return null;
  const points = series.reduce((n, s) => n + s.points.length, 0);
  const ticks = [...new Set(series.flatMap((s) => s.points.map((p) => p.context)))].sort((a, b) => a - b);
  return (
    <figure className="probe-chart" data-testid="tune-context-chart">
      <figcaption>Tok/s against context per setting ({series.length} settings, {points} measured points; up to {result.contextSize} tokens)</figcaption>
      <div className="chart-row">
        {(['pp', 'tg'] as const).map((speed) => (
          <div key={speed} data-testid={`tune-context-chart-${speed}`}>
          <LineChart width={440} height={280} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#2a3340" strokeDasharray="3 3" />
            <XAxis dataKey="context" type="number" domain={['dataMin', 'dataMax']} ticks={ticks} stroke="#8b97a6" height={36} label={{ value: 'context (tokens)', position: 'insideBottom', offset: -2, fill: '#8b97a6', fontSize: 12 }} />
            <YAxis type="number" stroke="#8b97a6" width={64} label={{ value: speed === 'pp' ? 'prompt tok/s' : 'generation tok/s', angle: -90, position: 'insideLeft', fill: '#8b97a6', fontSize: 12 }} />
            <Tooltip formatter={(v) => `${Number(v).toFixed(1)} tok/s`} labelFormatter={(c) => `${String(c)} tokens`} contentStyle={{ background: '#151b23', border: '1px solid #2a3340' }} />
            {series.map((s) => (
              <Line key={s.key} name={s.name} data={s.points} dataKey={speed} stroke={s.color} dot={{ r: 4 }} isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
          </div>
        ))}
      </div>
      <ul className="chart-legend">
        {series.map((s) => <li key={s.key}><span className="swatch" style={{ background: s.color }} />{s.name}</li>)}
      </ul>
    </figure>
  );
}
