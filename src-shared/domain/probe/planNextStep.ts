import type { MaxContext, ProbePlan, StepConfig, StepResult } from '../../contract/probe.js';
import { checksAtDepth, fastFindMax } from './fastFindMax.js';
import { boundOf, searchFor } from './findMaxState.js';
import { isSettled } from './stepCounts.js';

/**
 * The next configuration to run, or null when the plan is complete. Pure: it depends only on the
 * plan and the results so far, so resuming a probe is calling it again with what the file holds.
 */
export function planNextStep(plan: ProbePlan, steps: StepResult[]): StepConfig | null {
  const settled = steps.filter(isSettled);
  if (plan.mode === 'findMax' && plan.search === 'fast') return fastFindMax(plan, settled).next?.config ?? null;
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
  const fast = plan.search === 'fast' ? fastFindMax(plan, settled) : null;
  const states = new Map(plan.flashAttention.map((fa) => [fa, searchFor(plan, settled, fa)]));
  const result = (fa: boolean) => {
    const state = states.get(fa);
    return state?.done ? state.maxContext : largest(fa);
  };
  const bound = (fa: boolean) => {
    const state = states.get(fa);
    return state ? boundOf(plan, settled, fa, state, fast?.stoppedByTime.includes(fa) ?? false) : null;
  };
  const bounds = { on: bound(true), off: bound(false) };
  // Verified: bounded by an out-of-memory step (or the model's limit), and where real memory decides, checked at full depth.
  const verified = [...states.entries()].every(([fa, s]) => {
    const b = bounds[fa ? 'on' : 'off'];
    return s.done && b !== null && (b.by === 'oom' || b.by === 'model_limit') && (!fast || !checksAtDepth(plan) || b.atDepth);
  });
  return { flashAttention: { on: result(true), off: result(false) }, verified, bounds };
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
