import type { MemoryBudget, StepResult } from '../../contract/probe.js';

/**
 * The figure of a step that limits it, and the limit: the cgroup's anonymous charge for `cgroup`, the peak virtual
 * size for `addressSpace`, node-llama-cpp's own estimate for `estimateCap`. With no budget imposed, a
 * step on a GPU is limited by the device itself: its VRAM in use at the peak (all processes, as the
 * driver counts it) against the device's total. Null when the step or the budget gives nothing to aim with.
 */
export function budgetUsage(budget: MemoryBudget | null, step: StepResult): { usedBytes: number | null; limitBytes: number | null } {
  if (!budget) return { usedBytes: deviceUsed(step), limitBytes: step.vramTotalBytes };
  const limitBytes = budgetLimit(budget);
  switch (budget.mechanism) {
    case 'cgroup':
      // The cgroup's peak counts page cache too, which can touch the limit at any size (reading the weights
      // fills it) and is reclaimed before the kernel kills: aim with the anonymous charge where recorded.
      return { usedBytes: step.cgroupAnonBytes ?? step.cgroupPeakBytes ?? step.peakRssBytes, limitBytes };
    case 'addressSpace':
      return { usedBytes: step.peakVirtualBytes, limitBytes };
    case 'estimateCap': {
      const estimate = step.estimate.nodeLlamaCpp;
      return { usedBytes: (budget.vramBytes !== null ? estimate?.vramBytes : estimate?.ramBytes) ?? null, limitBytes };
    }
  }
}

/** The bytes a budget allows: the VRAM cap of an `estimateCap` budget that has one, else its RAM limit. */
export function budgetLimit(budget: MemoryBudget): number | null {
  return budget.mechanism === 'estimateCap' && budget.vramBytes !== null ? budget.vramBytes : budget.ramBytes;
}

/** VRAM in use at the step's peak; null where the device reports none (Mesa's lavapipe always says 0). */
function deviceUsed(step: StepResult): number | null {
  return step.vramTotalBytes !== null && step.vramPeakBytes ? step.vramPeakBytes : null;
}

/**
 * With no budget imposed, what limits steps on a GPU: the device's total VRAM, as the steps that saw VRAM
 * in use measured it. Null on the CPU, and where the device reports no usage (nothing to aim with).
 */
export function deviceLimit(steps: readonly StepResult[]): number | null {
  const totals = steps.filter((s) => deviceUsed(s) !== null).map((s) => s.vramTotalBytes!);
  return totals.length ? Math.min(...totals) : null;
}
