import { estimateMemory, type MemoryEstimateInput } from '../../../src-shared/domain/memory/estimateMemory';

/** One context size on the chart; bytes stacked as the chart draws them. */
export interface CurvePoint {
  contextSize: number;
  label: string;
  weights: number;
  kv: number;
  compute: number;
  total: number;
}

export type CurveBase = Omit<MemoryEstimateInput, 'contextSize'>;

export const contextLabel = (n: number) => (n >= 1024 * 1024 ? `${n / (1024 * 1024)}M` : n >= 1024 ? `${Math.round(n / 1024)}k` : String(n));

/** Context sizes from 1k doubling past the trained context (at least to 128k). */
export function contextSteps(trained: number): number[] {
  const top = Math.min(Math.max(trained * 2, 131072), 1 << 21);
  const steps: number[] = [];
  for (let c = 1024; c <= top; c *= 2) steps.push(c);
  return steps;
}

export function memoryCurve(base: CurveBase, contexts: number[]): CurvePoint[] {
  return contexts.map((contextSize) => {
    const e = estimateMemory({ ...base, contextSize });
    return { contextSize, label: contextLabel(contextSize), weights: e.weightsBytes ?? 0, kv: e.kvCache.totalBytes, compute: e.computeBytes + e.outputBytes, total: e.totalBytes };
  });
}

/** The largest context (a multiple of 256) whose estimate stays within `budget` bytes, or 0 when none does. */
export function largestFittingContext(base: CurveBase, budget: number, limit: number): number {
  const fits = (c: number) => estimateMemory({ ...base, contextSize: c }).totalBytes <= budget;
  if (!fits(256)) return 0;
  let lo = 1;
  let hi = Math.floor(limit / 256);
  if (fits(hi * 256)) return hi * 256;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid * 256)) lo = mid;
    else hi = mid;
  }
  return lo * 256;
}
