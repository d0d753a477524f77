import type { ProbePlan, SpeedAtDepth, SpeedFloor, StepResult } from '../../contract/probe.js';

/**
 * Speed with cells already in the cache, from the steps that measured it on purpose: `copy` steps (one batch at
 * the far end) and `none` steps (depth 0). `prompt` steps average over their whole fill and are left to the knees.
 */
export function speedAtDepth(steps: readonly StepResult[]): SpeedAtDepth[] {
  return steps
    .filter((s) => s.outcome === 'ok' && (s.fill === 'copy' || s.fill === 'none') && s.depth !== null)
    .map((s) => ({
      flashAttention: s.flashAttention,
      contextSize: s.contextSize,
      depth: s.depth!,
      promptTokensPerSecond: s.promptTokensPerSecond,
      generationTokensPerSecond: s.generationTokensPerSecond,
      fill: s.fill!,
    }))
    .filter((p, i, all) => p.fill === 'copy' || !all.slice(0, i).some((q) => q.fill === 'none' && q.flashAttention === p.flashAttention))
    .sort((a, b) => Number(b.flashAttention) - Number(a.flashAttention) || a.depth - b.depth);
}

/** The speed floor, apart from memory: measured contexts only, never a fitted curve. */
export function speedFloors(plan: ProbePlan, points: readonly SpeedAtDepth[]): SpeedFloor[] {
  const floor = plan.minGenerationTps;
  if (floor == null) return [];
  return plan.flashAttention.map((fa) => {
    const mine = points.filter((p) => p.flashAttention === fa && p.fill === 'copy' && p.generationTokensPerSecond !== null);
    const meets = mine.filter((p) => p.generationTokensPerSecond! >= floor).map((p) => p.contextSize);
    const below = mine.filter((p) => p.generationTokensPerSecond! < floor).map((p) => p.contextSize);
    return { minGenerationTps: floor, flashAttention: fa, maxContext: meets.length ? Math.max(...meets) : null, firstBelow: below.length ? Math.min(...below) : null };
  });
}
