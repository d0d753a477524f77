import type { Knee, StepResult } from '../../contract/probe.js';

/** Speed drops by more than this fraction per doubling of context: past the knee. Defaults to 20 %. */
export const KNEE_THRESHOLD = 0.2;

type Metric = Knee['metric'];

/**
 * Where speed starts to fall off with context. Attention work per token grows with the context it
 * attends (quadratic in total), so seconds per token ≈ a + b·context: a is the fixed cost (weights),
 * b the attention cost. Speed drops by `t` per doubling where (a + 2bc)/(a + bc) = 1/(1 − t), that is
 * c = a·t / (b·(1 − 2t)). The measured knee is the first interval that drops by more than `t`.
 */
export function findKnee(steps: StepResult[], metric: Metric, flashAttention: boolean, threshold = KNEE_THRESHOLD): Knee | null {
  const series = speedSeries(steps, metric, flashAttention);
  if (series.length < 2) return null;
  const drops = series.slice(1).map((p, i) => {
    const q = series[i]!;
    return { from: q.context, to: p.context, dropPerDoubling: 1 - (p.speed / q.speed) ** (1 / Math.log2(p.context / q.context)) };
  });
  const fit = fitCost(series);
  const modelled = fit && fit.fixedSecondsPerToken > 0 && fit.secondsPerTokenPerContextToken > 0
    ? Math.round((fit.fixedSecondsPerToken * threshold) / (fit.secondsPerTokenPerContextToken * (1 - 2 * threshold)))
    : null;
  return {
    metric,
    flashAttention,
    kneeContext: modelled,
    measuredKneeContext: drops.find((d) => d.dropPerDoubling > threshold)?.from ?? null,
    thresholdPerDoubling: threshold,
    fit,
    drops,
  };
}

/** Median speed per context of the steps that ran, ascending. */
function speedSeries(steps: StepResult[], metric: Metric, flashAttention: boolean): { context: number; speed: number }[] {
  const byContext = new Map<number, number[]>();
  for (const s of steps) {
    const speed = metric === 'prompt' ? s.promptTokensPerSecond : s.generationTokensPerSecond;
    if (s.outcome !== 'ok' || s.flashAttention !== flashAttention || !speed) continue;
    byContext.set(s.contextSize, [...(byContext.get(s.contextSize) ?? []), speed]);
  }
  return [...byContext.entries()]
    .map(([context, speeds]) => ({ context, speed: median(speeds) }))
    .sort((a, b) => a.context - b.context);
}

/** Least squares of seconds per token against context. */
function fitCost(series: { context: number; speed: number }[]): Knee['fit'] {
  const pts = series.map((p) => ({ x: p.context, y: 1 / p.speed }));
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p.x, 0) / n;
  const my = pts.reduce((s, p) => s + p.y, 0) / n;
  const sxx = pts.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  if (sxx === 0) return null;
  const b = pts.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
  return { fixedSecondsPerToken: my - b * mx, secondsPerTokenPerContextToken: b, points: n };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
