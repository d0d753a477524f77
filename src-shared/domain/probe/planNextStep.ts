import type { MaxContext, ProbePlan, StepConfig, StepResult } from '../../contract/probe.js';
import { budgetLimit, budgetUsage, deviceLimit } from './budgetUsage.js';
import { searchMaxContext, type SearchPoint, type SearchSpec, type SearchState } from './findMaxSearch.js';
import { isFatal, isSettled } from './stepCounts.js';

/**
 * The next configuration to run, or null when the plan is complete. Pure: it depends only on the
 * plan and the results so far, so resuming a probe is calling it again with what the file holds.
 */
export function planNextStep(plan: ProbePlan, steps: StepResult[]): StepConfig | null {
  const settled = steps.filter(isSettled);
  if (plan.mode === 'findMax') {
    for (const fa of plan.flashAttention) {
      const state = searchFor(plan, settled, fa);
      if (!state.done) return { ...plan.base, flashAttention: fa, contextSize: state.contextSize };
    }
    return null;
  }
  return remainingFixed(plan, settled)[0] ?? null;
}

/** Fixed plans (grid, compare, verify): every configuration not yet run, in order. */
export function remainingFixed(plan: ProbePlan, settled: StepResult[]): StepConfig[] {
  return fixedConfigs(plan).filter((config) => !settled.some((s) => sameConfig(s, config)) && !skipped(config, settled));
}

/** How many steps are still planned, where the plan knows (not findMax). */
export function remainingSteps(plan: ProbePlan, steps: StepResult[]): number | null {
  return plan.mode === 'findMax' ? null : remainingFixed(plan, steps.filter(isSettled)).length;
}

/** The largest context that ran per flash attention setting, and whether find-max verified it. */
export function maxContextOf(plan: ProbePlan, steps: StepResult[]): MaxContext {
  const settled = steps.filter(isSettled);
  const largest = (fa: boolean) => {
    const ok = settled.filter((s) => s.outcome === 'ok' && s.flashAttention === fa).map((s) => s.contextSize);
    return ok.length ? Math.max(...ok) : null;
  };
  if (plan.mode !== 'findMax') return { flashAttention: { on: largest(true), off: largest(false) }, verified: false };
  const states = new Map(plan.flashAttention.map((fa) => [fa, searchFor(plan, settled, fa)]));
  const result = (fa: boolean) => {
    const state = states.get(fa);
    return state?.done ? state.maxContext : largest(fa);
  };
  const verified = [...states.values()].every((s) => s.done && s.verified);
  return { flashAttention: { on: result(true), off: result(false) }, verified };
}

function searchFor(plan: ProbePlan, settled: StepResult[], fa: boolean): SearchState {
  const mine = settled.filter((s) => s.flashAttention === fa);
  const fatal = mine.find(isFatal);
  if (fatal) return { done: true, maxContext: null, verified: false };
  const spec = searchSpec(plan, fa, settled);
  const points: SearchPoint[] = mine.map((s) => ({ contextSize: s.contextSize, fits: s.outcome === 'ok', usedBytes: budgetUsage(plan.budget, s).usedBytes }));
  return searchMaxContext(spec, points);
}

function searchSpec(plan: ProbePlan, fa: boolean, settled: StepResult[]): SearchSpec {
  const key = fa ? 'on' : 'off';
  // A later search starts where an earlier one (the other flash attention setting) ended.
  const earlier = plan.flashAttention.slice(0, plan.flashAttention.indexOf(fa));
  const earlierMax = earlier
    .map((other) => searchFor(plan, settled, other))
    .map((s) => (s.done ? s.maxContext : null))
    .find((m) => m !== null);
  return {
    minContext: plan.minContext,
    maxContext: plan.maxContext,
    granularityTokens: plan.granularityTokens,
    granularityFraction: plan.granularityFraction,
    startHint: earlierMax ?? plan.startHint[key],
    budgetBytes: plan.budget ? budgetLimit(plan.budget) : deviceLimit(settled),
    bytesPerToken: plan.bytesPerToken[key],
  };
}

function fixedConfigs(plan: ProbePlan): StepConfig[] {
  const kvTypes = plan.kvCacheTypes.length ? plan.kvCacheTypes.map((t) => ({ typeK: t, typeV: t })) : [{ typeK: plan.base.typeK, typeV: plan.base.typeV }];
  const contexts = [...plan.contexts].sort((a, b) => a - b);
  const configs: StepConfig[] = [];
  if (plan.mode === 'compareFlashAttention') {
    // Same context, off then on, side by side: a drift in the machine affects both alike.
    for (const kv of kvTypes) for (const contextSize of contexts) for (const fa of [false, true]) configs.push({ ...plan.base, ...kv, contextSize, flashAttention: fa });
    return configs;
  }
  for (const kv of kvTypes) for (const fa of plan.flashAttention) for (const contextSize of contexts) configs.push({ ...plan.base, ...kv, contextSize, flashAttention: fa });
  return configs;
}

/** A grid does not run a larger context of a series after a smaller one ran out of memory. */
function skipped(config: StepConfig, settled: StepResult[]): boolean {
  return settled.some((s) => s.outcome === 'oom' && sameSeries(s, config) && s.contextSize < config.contextSize);
}

function sameSeries(a: StepConfig, b: StepConfig): boolean {
  return a.flashAttention === b.flashAttention && a.typeK === b.typeK && a.typeV === b.typeV;
}

function sameConfig(a: StepConfig, b: StepConfig): boolean {
  return sameSeries(a, b) && a.contextSize === b.contextSize;
}
