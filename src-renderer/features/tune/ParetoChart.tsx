import { CartesianGrid, Legend, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { TuneResult } from '../../../src-shared/contract/tune';
import { describeSettings } from '../../../src-shared/domain/tune/settingsKey';

interface Point {
  pp: number;
  tg: number;
  label: string;
}

/** Prompt vs generation speed of every passing candidate; the Pareto front, the winner and the runner-up stand out. */
export function ParetoChart({ result }: { result: TuneResult }) {
  // The search's candidates at the tune's context; the context curve has its own chart.
  const ok = result.candidates.filter((c) => c.outcome === 'ok' && c.promptTokensPerSecond && c.generationTokensPerSecond && c.engine === result.engine && c.settings.contextSize === result.contextSize);
  const point = (c: (typeof ok)[number]): Point => ({ pp: c.promptTokensPerSecond!, tg: c.generationTokensPerSecond!, label: `${c.stage}: ${describeSettings(c.settings)}` });
  const front = new Set(result.pareto);
  const special = new Set([result.winner?.stepId, result.runnerUp?.stepId]);
  const winnerKey = result.winner && JSON.stringify(result.winner.settings);
  const runnerKey = result.runnerUp && JSON.stringify(result.runnerUp.settings);
  const of = (key: string | null) => ok.filter((c) => JSON.stringify(c.settings) === key).map(point);
  return (
    <figure className="probe-chart" data-testid="tune-pareto-chart">
      <figcaption>Prompt vs generation speed at {result.contextSize} tokens ({ok.length} passing steps)</figcaption>
      <ScatterChart width={560} height={300} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid stroke="#2a3340" strokeDasharray="3 3" />
        <XAxis dataKey="pp" type="number" name="prompt" stroke="#8b97a6" height={36} label={{ value: 'prompt tok/s', position: 'insideBottom', offset: -2, fill: '#8b97a6', fontSize: 12 }} />
        <YAxis dataKey="tg" type="number" name="generation" stroke="#8b97a6" width={64} label={{ value: 'generation tok/s', angle: -90, position: 'insideLeft', fill: '#8b97a6', fontSize: 12 }} />
        <Tooltip formatter={(v) => `${Number(v).toFixed(1)} tok/s`} contentStyle={{ background: '#151b23', border: '1px solid #2a3340' }} />
        <Legend verticalAlign="top" height={24} />
        <Scatter name="measured" data={ok.filter((c) => !front.has(c.stepId) && !special.has(c.stepId)).map(point)} fill="#5b6776" isAnimationActive={false} />
        <Scatter name="Pareto front" data={ok.filter((c) => front.has(c.stepId) && !special.has(c.stepId)).map(point)} fill="#4aa3ff" isAnimationActive={false} />
        <Scatter name="runner-up" data={of(runnerKey)} fill="#f5b84a" isAnimationActive={false} />
        <Scatter name="winner" data={of(winnerKey)} fill="#4ade80" shape="star" isAnimationActive={false} />
      </ScatterChart>
    </figure>
  );
}
