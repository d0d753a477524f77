import type { MemoryBudget, StepResult } from '../../../src-shared/contract/probe';
import { budgetLimit, budgetUsage, deviceLimit } from '../../../src-shared/domain/probe/budgetUsage';

/** One context size on the charts: speeds and memory with flash attention on and off. */
export interface ChartPoint {
  contextSize: number;
  ppOn?: number;
  ppOff?: number;
  tgOn?: number;
  tgOff?: number;
  memOn?: number;
  memOff?: number;
}

/**
 * What a step used, counted the way its limit counts (see budgetUsage): peak virtual size under an
 * address-space limit, the cgroup's anonymous charge under a cgroup, node-llama-cpp's estimate under its caps, the
 * device's VRAM in use on a GPU with no budget; otherwise peak RSS plus VRAM taken.
 */
export function stepMemory(step: StepResult): number | null {
  const { usedBytes } = budgetUsage(step.budget, step);
  if (usedBytes !== null) return usedBytes;
  const vram = step.vramPeakBytes !== null && step.vramBeforeBytes !== null ? Math.max(0, step.vramPeakBytes - step.vramBeforeBytes) : 0;
  return step.peakRssBytes === null ? null : step.peakRssBytes + vram;
}

/** The limit the memory chart draws: the budget, or a GPU's total VRAM when no budget was imposed. */
export function memoryLimit(budget: MemoryBudget | null, steps: StepResult[]): { label: string; bytes: number } | null {
  if (budget) return { label: `${budget.mechanism} budget`, bytes: budgetLimit(budget) ?? 0 };
  const device = deviceLimit(steps);
  return device === null ? null : { label: 'GPU memory', bytes: device };
}

/** What {@link stepMemory} measures, in words. */
export function memoryLabel(limit: MemoryBudget['mechanism'] | 'device' | undefined): string {
  if (limit === 'addressSpace') return 'Peak address space of the worker (what the limit counts)';
  if (limit === 'cgroup') return 'Memory charged to the cgroup that the kernel cannot reclaim (anonymous)';
  if (limit === 'estimateCap') return 'node-llama-cpp’s estimate (what its cap compares)';
  if (limit === 'device') return 'VRAM in use on the GPU at the step’s peak, all processes (what the card limits)';
  return 'Peak RSS of the worker, plus VRAM it took';
}

export function chartPoints(steps: StepResult[]): ChartPoint[] {
  const byContext = new Map<number, ChartPoint>();
  for (const s of steps) {
    if (s.outcome !== 'ok') continue;
    const point = byContext.get(s.contextSize) ?? { contextSize: s.contextSize };
    const suffix = s.flashAttention ? 'On' : 'Off';
    // An allocation step's speed is at depth 0 whatever its context: it would put a fast point at a long context.
    const speedHere = s.fill !== 'none';
    if (speedHere && s.promptTokensPerSecond !== null) point[`pp${suffix}`] = s.promptTokensPerSecond;
    if (speedHere && s.generationTokensPerSecond !== null) point[`tg${suffix}`] = s.generationTokensPerSecond;
    const memory = stepMemory(s);
    if (memory !== null) point[`mem${suffix}`] = memory;
    byContext.set(s.contextSize, point);
  }
  return [...byContext.values()].sort((a, b) => a.contextSize - b.contextSize);
}

/** The smallest context that failed for lack of memory, per flash attention setting. */
export function oomBoundary(steps: StepResult[], flashAttention: boolean): number | null {
  const failed = steps.filter((s) => s.flashAttention === flashAttention && (s.outcome === 'oom' || s.outcome === 'crashed')).map((s) => s.contextSize);
  return failed.length ? Math.min(...failed) : null;
}
