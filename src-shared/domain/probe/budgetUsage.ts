import type { MemoryBudget, StepResult } from '../../contract/probe.js';

/**
 * The figure of a step that its budget limits, and the limit: the cgroup's peak for `cgroup`, the peak
 * virtual size for `addressSpace`, node-llama-cpp's own estimate for `estimateCap`. Null when the step
 * or the budget gives nothing to aim with.
 */
export function budgetUsage(budget: MemoryBudget | null, step: StepResult): { usedBytes: number | null; limitBytes: number | null } {
  if (!budget) return { usedBytes: null, limitBytes: null };
  switch (budget.mechanism) {
    case 'cgroup':
      return { usedBytes: step.cgroupPeakBytes ?? step.peakRssBytes, limitBytes: budget.ramBytes };
    case 'addressSpace':
      return { usedBytes: step.peakVirtualBytes, limitBytes: budget.ramBytes };
    case 'estimateCap': {
      const estimate = step.estimate.nodeLlamaCpp;
      if (budget.vramBytes !== null) return { usedBytes: estimate?.vramBytes ?? null, limitBytes: budget.vramBytes };
      return { usedBytes: estimate?.ramBytes ?? null, limitBytes: budget.ramBytes };
    }
  }
}
