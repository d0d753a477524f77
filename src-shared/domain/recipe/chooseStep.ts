import type { StepResult } from '../../contract/probe.js';
import { verifiedContext } from './stepSettings.js';

/**
 * The passing step a recipe rests on. With a wanted context: the smallest verified context that
 * covers it; otherwise the largest verified context. Among steps at that context, the fastest
 * generation wins (flash attention on vs off, K/V types).
 */
export function chooseStep(passing: StepResult[], wanted: number | undefined): { step: StepResult; covers: boolean } | undefined {
  if (passing.length === 0) return undefined;
  const covering = wanted === undefined ? [] : passing.filter((s) => verifiedContext(s) >= wanted);
  const pool = covering.length > 0 ? covering : passing;
  const target = covering.length > 0 ? Math.min(...pool.map(verifiedContext)) : Math.max(...pool.map(verifiedContext));
  const atTarget = pool.filter((s) => verifiedContext(s) === target);
  const step = atTarget.reduce((best, s) => (speed(s) > speed(best) ? s : best));
  return { step, covers: wanted === undefined || covering.length > 0 };
}

function speed(step: StepResult): number {
  return step.generationTokensPerSecond ?? -1;
}
