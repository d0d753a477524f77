import type { ProbePlan, StepConfig, StepResult } from '../../contract/probe.js';
import { budgetLimit } from './budgetUsage.js';
import { costModel, predictStepMs, type CostModel } from './costModel.js';
import { emptyStepReport } from './emptyStepReport.js';
import { fastFindMax, type StepPurpose } from './fastFindMax.js';
import { searchFor } from './findMaxState.js';
import { remainingFixed } from './planNextStep.js';
import { START_FRACTION } from './resolvePlan.js';
import { isSettled } from './stepCounts.js';

/** The rest of a probe, step by step, as the cost model measured so far predicts it. */
export interface ProbePrediction {
  remainingMs: number;
  /** The memory search alone (calibration and `none` steps). */
  memoryMs: number;
  steps: { purpose: StepPurpose | 'step'; config: StepConfig; ms: number }[];
}

/** At most this many steps are simulated (a search ends in far fewer). */
const SIMULATED_STEPS = 60;

/**
 * Predicts the rest of the plan: a `fast` find-max is simulated on a machine whose boundary is where the search
 * stands (the middle of its bracket, else the memory model's guess) and whose memory grows linearly, so the
 * same search code counts the steps; fixed plans sum their remaining steps. Null while the machine's speed is unknown.
 */
export function predictProbe(plan: ProbePlan, steps: readonly StepResult[]): ProbePrediction | null {
  const settled = steps.filter(isSettled);
  const model = costModel(settled);
  if (!model.prompt) return null;
  if (plan.mode !== 'findMax') return total(model, remainingFixed(plan, settled).map((config) => ({ purpose: 'step' as const, config })));
  if (plan.search !== 'fast') return null;
  const free: ProbePlan = { ...plan, budgetMs: null };
  const guess = new Map(plan.flashAttention.map((fa) => [fa, boundaryGuess(plan, settled, fa)]));
  const simulated: StepResult[] = [...settled];
  const planned: { purpose: StepPurpose; config: StepConfig }[] = [];
  for (let i = 0; i < SIMULATED_STEPS; i++) {
    const next = fastFindMax(free, simulated).next;
    if (!next) break;
    planned.push(next);
    simulated.push(pretend(plan, next.config, guess.get(next.config.flashAttention)!, predictStepMs(model, next.config) ?? 0, i));
  }
  return total(model, planned);
}

function total(model: CostModel, planned: { purpose: StepPurpose | 'step'; config: StepConfig }[]): ProbePrediction {
  const steps = planned.map((p) => ({ ...p, ms: predictStepMs(model, p.config) ?? 0 }));
  const sum = (xs: typeof steps) => xs.reduce((s, p) => s + p.ms, 0);
  return { remainingMs: sum(steps), memoryMs: sum(steps.filter((s) => s.purpose === 'memory' || s.purpose === 'calibration')), steps };
}

/** Where the boundary probably is, from the search's bracket so far or the memory model's start. */
function boundaryGuess(plan: ProbePlan, settled: StepResult[], fa: boolean): number {
  const mine = settled.filter((s) => s.flashAttention === fa);
  const fit = mine.filter((s) => s.outcome === 'ok').map((s) => s.contextSize);
  const lo = fit.length ? Math.max(...fit) : null;
  const failed = mine.filter((s) => s.outcome !== 'ok' && (lo === null || s.contextSize > lo)).map((s) => s.contextSize);
  const hi = failed.length ? Math.min(...failed) : null;
  const state = searchFor(plan, settled, fa);
  if (state.done) return state.maxContext ?? plan.minContext;
  if (hi !== null) return ((lo ?? plan.minContext) + hi) / 2;
  const hint = plan.startHint[fa ? 'on' : 'off'];
  return Math.max(lo ?? 0, hint !== null ? hint / START_FRACTION : plan.maxContext);
}

/** A step that did what the guessed machine would do, with memory on a line that reaches the budget at the guess. */
function pretend(plan: ProbePlan, config: StepConfig, boundary: number, ms: number, i: number): StepResult {
  const fits = config.contextSize <= boundary;
  const limit = plan.budget ? budgetLimit(plan.budget) : null;
  const used = fits && limit !== null ? Math.round((limit * 0.5) + (limit * 0.5 * config.contextSize) / Math.max(boundary, 1)) : null;
  return {
    ...config,
    ...emptyStepReport(fits ? 'ok' : 'oom'),
    id: `predicted-${i}`,
    probeId: 'predicted',
    index: i,
    budget: plan.budget,
    startedAt: '',
    durationMs: ms,
    cgroupPeakBytes: used,
    cgroupAnonBytes: used,
    peakVirtualBytes: used,
    estimate: { headroom: null, nodeLlamaCpp: used === null ? null : { ramBytes: used, vramBytes: used, weightsBytes: null, kvBytes: null, computeBytes: null } },
    failure: fits ? null : { message: 'predicted', signal: null, exitCode: null, stderrTail: [], classification: 'context_create_failed', phase: 'context' },
  };
}
