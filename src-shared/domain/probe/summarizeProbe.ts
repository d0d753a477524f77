import type { ProbeHeader, ProbeStatus, ProbeSummary, StepResult } from '../../contract/probe.js';
import { maxContextOf, remainingSteps } from './planNextStep.js';
import { predictProbe } from './predictProbe.js';
import { skippedSteps } from './skippedSteps.js';

/** The summary of a probe from its file's records. */
export function summarizeProbe(input: {
  header: ProbeHeader;
  steps: StepResult[];
  status: ProbeStatus;
  message: string | null;
  updatedAt: string;
  file: string;
}): ProbeSummary {
  const { header, steps } = input;
  const settled = steps.filter((s) => s.outcome !== 'cancelled');
  return {
    id: header.id,
    mode: header.plan.mode,
    status: input.status,
    model: header.model,
    budget: header.plan.budget,
    createdAt: header.createdAt,
    updatedAt: input.updatedAt,
    stepCount: steps.length,
    okCount: settled.filter((s) => s.outcome === 'ok').length,
    failedCount: settled.filter((s) => s.outcome !== 'ok').length,
    remainingSteps: remainingSteps(header.plan, steps),
    maxContext: maxContextOf(header.plan, steps),
    message: input.message,
    file: input.file,
    time: timeOf(header, steps),
  };
}

function timeOf(header: ProbeHeader, steps: StepResult[]): NonNullable<ProbeSummary['time']> {
  const prediction = predictProbe(header.plan, steps);
  // Pure in the plan's prior: the prediction before the first step, whenever it is asked for.
  const atStart = steps.length ? predictProbe(header.plan, []) : prediction;
  return {
    elapsedMs: steps.reduce((sum, s) => sum + s.durationMs, 0),
    remainingMs: prediction?.remainingMs ?? null,
    memoryRemainingMs: prediction?.memoryMs ?? null,
    budgetMs: header.plan.budgetMs ?? null,
    skipped: skippedSteps(header.plan, steps),
    source: prediction?.source ?? null,
    atStart: atStart && { totalMs: atStart.remainingMs, memoryMs: atStart.memoryMs, source: atStart.source },
  };
}
