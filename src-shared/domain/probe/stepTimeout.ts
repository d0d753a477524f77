import type { ProbePlan, StepConfig, StepResult } from '../../contract/probe.js';
import { costModel, predictStepMs } from './costModel.js';
import { isSettled } from './stepCounts.js';

/** A predicted step is given this many times its prediction before it counts as "not measured in time". */
export const TIMEOUT_FACTOR = 3;
export const MIN_TIMEOUT_MS = 30_000;

/**
 * The step's predicted duration and its timeout: from the prediction (three times it, at least 30 s) once the
 * machine's speed is measured and the plan predicts timeouts; the plan's fixed timeout otherwise.
 */
export function stepTimeout(plan: ProbePlan, steps: readonly StepResult[], config: StepConfig): { timeoutMs: number; predictedMs: number | null } {
  const predictedMs = predictStepMs(costModel(steps.filter(isSettled)), config);
  if (!plan.predictTimeouts || predictedMs === null) return { timeoutMs: plan.stepTimeoutMs, predictedMs };
  return { timeoutMs: Math.round(Math.max(MIN_TIMEOUT_MS, TIMEOUT_FACTOR * predictedMs)), predictedMs };
}
