import type { ProbePlan, StepResult } from '../../contract/probe.js';
import { predictProbe } from './predictProbe.js';
import { stepTimeout } from './stepTimeout.js';

/** What the probe predicted before each of its steps, next to what each then took (for benchmarks and reports). */
export interface PredictionReplay {
  /** The whole probe as predicted before its first step, and from what. */
  atStartMs: number | null;
  atStartSource: string | null;
  actualMs: number;
  steps: { index: number; contextSize: number; fill: string; outcome: string; predictedMs: number | null; timeoutMs: number; actualMs: number }[];
}

/** Replays a finished probe's predictions from its plan and its steps, as the runner made them. */
export function predictionReplay(plan: ProbePlan, steps: readonly StepResult[]): PredictionReplay {
  const start = predictProbe(plan, []);
  return {
    atStartMs: start?.remainingMs ?? null,
    atStartSource: start?.source ?? null,
    actualMs: steps.reduce((sum, s) => sum + s.durationMs, 0),
    steps: steps.map((s, i) => {
      const { predictedMs, timeoutMs } = stepTimeout(plan, steps.slice(0, i), s);
      return { index: s.index, contextSize: s.contextSize, fill: s.fill ?? 'prompt', outcome: s.outcome, predictedMs, timeoutMs, actualMs: s.durationMs };
    }),
  };
}
