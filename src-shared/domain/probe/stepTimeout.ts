import type { ProbePlan, SpeedSource, StepConfig, StepResult } from '../../contract/probe.js';
import { costModel, predictStepMs } from './costModel.js';
import { isSettled } from './stepCounts.js';

/**
 * A step is given this multiple of its prediction, at least the floor, before it counts as "not measured in time"
 * (never a memory limit): the less the prediction rests on this machine and this probe, the more room.
 */
export const TIMEOUT_RULES: Record<SpeedSource, { factor: number; floorMs: number }> = {
  measured: { factor: 3, floorMs: 30_000 },
  // The record may come from a quieter hour of a shared machine: room for several times the load.
  machine_record: { factor: 8, floorMs: 120_000 },
  rough_prior: { factor: 10, floorMs: 120_000 },
};

/**
 * The step's predicted duration and its timeout: a multiple of the prediction with a floor (see TIMEOUT_RULES)
 * whenever the plan predicts timeouts and a prediction exists (from the first step on, with the plan's speed
 * prior); the plan's fixed timeout otherwise (the user's `--step-timeout`, or a file written before priors).
 */
export function stepTimeout(plan: ProbePlan, steps: readonly StepResult[], config: StepConfig): { timeoutMs: number; predictedMs: number | null } {
  const model = costModel(steps.filter(isSettled), plan.speedPrior ?? null);
  const predictedMs = predictStepMs(model, config);
  if (!plan.predictTimeouts || predictedMs === null || !model.source) return { timeoutMs: plan.stepTimeoutMs, predictedMs };
  const rule = TIMEOUT_RULES[model.source];
  return { timeoutMs: Math.round(Math.max(rule.floorMs, rule.factor * predictedMs)), predictedMs };
}
