import type { ContextBound, ProbePlan, StepResult } from '../../contract/probe.js';
import { budgetLimit, budgetUsage, deviceLimit } from './budgetUsage.js';
import { searchMaxContext, type SearchPoint, type SearchSpec, type SearchState } from './findMaxSearch.js';
import { isFatal } from './stepCounts.js';

/**
 * What the steps at one size say about memory. `oom` outranks `fits` (a full-depth check that ran out of memory
 * at a size that fit at allocation is the real answer), and `fits` outranks `not_measured`: a timeout, a crash
 * without a memory cause or another error never says a size does not fit.
 */
export type SizeVerdict = 'fits' | 'oom' | 'not_measured';

export function verdictAt(steps: readonly StepResult[], contextSize: number): SizeVerdict {
  const here = steps.filter((s) => s.contextSize === contextSize);
  if (here.some((s) => s.outcome === 'oom')) return 'oom';
  return here.some((s) => s.outcome === 'ok') ? 'fits' : 'not_measured';
}

/**
 * The search of one flash attention setting. A size that could not be measured is a ceiling for the search
 * (it looks below it rather than wait again), but the bound then says "not measured", never "out of memory".
 */
export function searchFor(plan: ProbePlan, settled: StepResult[], fa: boolean): SearchState {
  const mine = memorySteps(settled, fa);
  if (mine.some(isFatal)) return { done: true, maxContext: null, verified: false };
  const atDepth = searchesAtDepth(mine);
  // Searching at depth, a size that only fit at allocation is unknown: it neither fits nor fails.
  const sizes = [...new Set(mine.map((s) => s.contextSize))].filter((c) => !atDepth || verdictAt(mine, c) !== 'fits' || ranAtDepth(mine, c));
  const points: SearchPoint[] = sizes.map((contextSize) => {
    const fits = verdictAt(mine, contextSize) === 'fits';
    const used = mine.filter((s) => s.contextSize === contextSize && s.outcome === 'ok' && (!atDepth || isDepthStep(s))).map((s) => budgetUsage(plan.budget, s).usedBytes);
    return { contextSize, fits, usedBytes: fits ? maxOrNull(used) : null };
  });
  const spec = searchSpec(plan, fa, settled);
  return searchMaxContext(atDepth ? { ...spec, bytesPerToken: depthSlope(plan, mine) ?? spec.bytesPerToken } : spec, points);
}

/**
 * True once a size that fit at allocation ran out of memory with a batch at the far end of its cache: from then
 * on only steps at depth say what fits (a `fast` search goes on with `copy` steps).
 */
export function searchesAtDepth(mine: readonly StepResult[]): boolean {
  return mine.some((s) => s.fill === 'copy' && s.outcome === 'oom' && mine.some((n) => n.contextSize === s.contextSize && n.fill === 'none' && n.outcome === 'ok'));
}

/**
 * Bytes per token at depth, to aim from one point: the allocation steps' slope (the cache's growth) plus what a
 * batch at the far end adds, at least what the failed check shows (its size's allocation step used B − x, and it
 * still ran out: the extra per token is above x / size), with a quarter more as margin.
 */
function depthSlope(plan: ProbePlan, mine: readonly StepResult[]): number | null {
  const limit = plan.budget ? budgetLimit(plan.budget) : null;
  const allocation = mine.filter((s) => s.fill === 'none' && s.outcome === 'ok').map((s) => ({ x: s.contextSize, y: budgetUsage(plan.budget, s).usedBytes }));
  const known = allocation.filter((p): p is { x: number; y: number } => p.y !== null).sort((a, b) => a.x - b.x);
  const first = known[0];
  const last = known.at(-1);
  if (limit === null || !first || !last || last.x <= first.x || last.y <= first.y) return null;
  const slope = (last.y - first.y) / (last.x - first.x);
  const failedChecks = mine.filter((s) => s.fill === 'copy' && s.outcome === 'oom').map((s) => known.find((p) => p.x === s.contextSize)).filter((p) => p !== undefined);
  const extra = Math.max(0, ...failedChecks.map((p) => (limit - p.y) / p.x));
  return slope + 1.25 * extra;
}

const isDepthStep = (s: StepResult) => (s.fill ?? 'prompt') !== 'none';
const ranAtDepth = (mine: readonly StepResult[], c: number) => mine.some((s) => s.contextSize === c && s.outcome === 'ok' && isDepthStep(s));

/** What bounds the search's answer from above (see ContextBoundSchema); null while it runs. */
export function boundOf(plan: ProbePlan, settled: StepResult[], fa: boolean, state: SearchState, stoppedByTime: boolean): ContextBound | null {
  const mine = memorySteps(settled, fa);
  if (!state.done) return stoppedByTime ? { by: 'time_budget', contextSize: null, phase: null, classification: null, atDepth: false } : null;
  const max = state.maxContext;
  const atDepth = max !== null && mine.some((s) => s.contextSize === max && s.outcome === 'ok' && (s.fill ?? 'prompt') !== 'none');
  if (max !== null && max >= plan.maxContext) return { by: 'model_limit', contextSize: null, phase: null, classification: null, atDepth };
  const above = mine.filter((s) => s.outcome !== 'ok' && (max === null || s.contextSize > max)).sort((a, b) => a.contextSize - b.contextSize);
  const nearest = above[0];
  if (!nearest) return max === null ? { by: 'none_fits', contextSize: null, phase: null, classification: null, atDepth } : null;
  // The nearest failure above bounds the answer; an out-of-memory further up does not tighten it.
  const oomHere = mine.find((s) => s.contextSize === nearest.contextSize && s.outcome === 'oom');
  const bounding = oomHere ?? nearest;
  const by = max === null ? 'none_fits' : oomHere ? 'oom' : 'not_measured';
  return { by, contextSize: bounding.contextSize, phase: bounding.failure?.phase ?? null, classification: bounding.failure?.classification ?? null, atDepth };
}

/**
 * The steps that speak about memory for one setting: all but `copy` steps that ended neither fitting nor out of
 * memory (a check at depth that timed out leaves the size as the allocation found it; a speed step that could
 * not be measured says nothing about memory).
 */
function memorySteps(settled: StepResult[], fa: boolean): StepResult[] {
  return settled.filter((s) => s.flashAttention === fa && !((s.fill ?? 'prompt') === 'copy' && s.outcome !== 'ok' && s.outcome !== 'oom'));
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

function maxOrNull(xs: (number | null)[]): number | null {
  const known = xs.filter((x): x is number => x !== null);
  return known.length ? Math.max(...known) : null;
}
