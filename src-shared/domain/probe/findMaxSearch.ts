import { alignDown, alignUp, granularityAt } from './granularity.js';

/** One measured size of a search: did it run, and how much of the budgeted resource it used. */
export interface SearchPoint {
  contextSize: number;
  fits: boolean;
  /** Bytes of the budgeted resource at this size (ran steps only); null when not measured. */
  usedBytes: number | null;
}

/** Options of {@link searchMaxContext}. */
export interface SearchSpec {
  minContext: number;
  maxContext: number;
  granularityTokens: number;
  granularityFraction: number;
  /** Where to start: the memory model's guess. Null starts at `minContext` and doubles. */
  startHint: number | null;
  /** The budget in bytes of the measured resource; null disables aiming (pure growth and bisection). */
  budgetBytes: number | null;
  /** Estimated bytes per context token, to aim from a single measured point. */
  bytesPerToken: number | null;
}

export type SearchState =
  | { done: false; contextSize: number }
  | { done: true; maxContext: number | null; verified: boolean };

/**
 * Growth never jumps further than this factor per step, so a badly measured slope cannot overshoot far;
 * wide enough that a search starting at the minimum (a GPU with no budget imposed) reaches its aim at once.
 */
const MAX_GROWTH = 64;
/** Aimed guesses are tried only in the first steps; after that the search bisects, so a wrong model cannot stall it. */
const AIMED_STEPS = 6;
/**
 * From one point the slope is only the memory model's; aiming a little short of the budget makes the next
 * step likely to run, and two measured points then give the real slope. (Simulated over 500 boundaries:
 * 0.95 took 3.4 loads on average with the model within ±10 %, 0.8 took 4.5; with it off by ±30 % both took 4.6.)
 */
const ONE_POINT_REACH = 0.95;

/**
 * Finds the largest context that runs: grow (geometrically, or toward where the measured memory says
 * the budget ends), then bisect between the largest size that ran and the smallest that failed, until
 * they are within the granularity. Pure and order-free in its bracket, so a resumed probe continues.
 */
export function searchMaxContext(spec: SearchSpec, points: SearchPoint[]): SearchState {
  const lo = maxOf(points.filter((p) => p.fits).map((p) => p.contextSize));
  const hi = minOf(points.filter((p) => !p.fits && (lo === null || p.contextSize > lo)).map((p) => p.contextSize));
  const start = clamp(alignDown(spec.startHint ?? spec.minContext), spec.minContext, spec.maxContext);
  const aim = points.length < AIMED_STEPS ? aimedContext(spec, points) : null;

  if (lo === null && hi === null) return next(start);
  if (lo === null) return descend(spec, hi!, points.length, start);
  const step = granularityAt(lo, spec.granularityTokens, spec.granularityFraction);
  if (lo >= spec.maxContext) return { done: true, maxContext: lo, verified: true };
  const up = stepUp(lo, step * beyondAim(points, aim));
  if (hi === null) return next(Math.min(spec.maxContext, lo * MAX_GROWTH, snap(Math.max(up, aim ?? grow(spec, lo, points)), lo, Infinity)));
  // No size llama.cpp would build differently lies between them (it rounds contexts up to 256): done.
  if (hi - lo <= step || alignUp(lo + 1) >= hi) return { done: true, maxContext: lo, verified: true };
  return next(snap(inside(lo, hi, step, aim, up, points), lo, hi));
}

/**
 * The baseline that find-max is measured against: double from the minimum until a size fails,
 * then walk up from the last size that ran one granularity at a time.
 */
export function sweepMaxContext(spec: SearchSpec, points: SearchPoint[]): SearchState {
  const lo = maxOf(points.filter((p) => p.fits).map((p) => p.contextSize));
  const failed = points.filter((p) => !p.fits).map((p) => p.contextSize);
  if (points.length === 0) return next(spec.minContext);
  if (lo === null) return { done: true, maxContext: null, verified: true };
  if (lo >= spec.maxContext) return { done: true, maxContext: lo, verified: true };
  const step = granularityAt(lo, spec.granularityTokens, spec.granularityFraction);
  const hi = minOf(failed.filter((c) => c > lo));
  if (hi === null) return next(Math.min(spec.maxContext, lo * 2));
  if (hi - lo <= step) return { done: true, maxContext: lo, verified: true };
  // After the first failure, walk up from the largest size that ran, one granularity at a time.
  return next(snap(lo + step, lo, hi));
}

const next = (contextSize: number): SearchState => ({ done: false, contextSize });

/**
 * The size to check above `lo`: the largest multiple of 256 within `by` of it, so that a failure there
 * settles the boundary (rounding up would leave a gap wider than the granularity and cost another load).
 */
function stepUp(lo: number, by: number): number {
  const down = Math.floor((lo + by) / 256) * 256;
  return down > lo ? down : alignUp(lo + by);
}

/**
 * A multiple of 256 strictly between the bounds (llama.cpp rounds contexts up to one, so an unaligned
 * size would really run as the next multiple, possibly the size already known to fail).
 */
function snap(context: number, lo: number, hi: number): number {
  const up = alignUp(context);
  if (up > lo && up < hi) return up;
  const down = Math.floor(context / 256) * 256;
  return down > lo && down < hi ? down : context;
}

function descend(spec: SearchSpec, hi: number, failures: number, start: number): SearchState {
  if (hi <= spec.minContext) return { done: true, maxContext: null, verified: true };
  // With a budget to aim at, halve: one size that runs is enough to aim from. Without one, a start that
  // came from a guess gallops down from it (the guess is likely close); otherwise the search began at the minimum.
  const gallop = spec.budgetBytes === null && start > spec.minContext;
  const step = granularityAt(hi, spec.granularityTokens, spec.granularityFraction) * 2 ** (failures - 1);
  const candidate = gallop ? Math.max(hi - step, hi / 2) : hi / 2;
  return next(clamp(alignDown(candidate), spec.minContext, hi - 1));
}

function grow(spec: SearchSpec, lo: number, points: SearchPoint[]): number {
  if (spec.startHint === null) return lo * 2;
  // Started from a guess: gallop (the step doubles each time), which stays near a good guess.
  const fits = points.filter((p) => p.fits).length;
  return alignUp(lo + granularityAt(lo, spec.granularityTokens, spec.granularityFraction) * 2 ** (fits - 1));
}

/**
 * How far above the largest fitting size to step when the aim says it is the maximum: one granularity,
 * doubling for every size that ran beyond the aim (the model is pessimistic: gallop rather than walk).
 */
function beyondAim(points: SearchPoint[], aim: number | null): number {
  if (aim === null) return 1;
  const beyond = points.filter((p) => p.fits && p.contextSize > aim).length;
  return 2 ** Math.max(0, beyond - 1);
}

function inside(lo: number, hi: number, step: number, aim: number | null, up: number, points: SearchPoint[]): number {
  if (aim !== null && aim > lo && aim < hi) return clamp(aim, lo + step, Math.max(lo + step, hi - step));
  if (aim !== null && aim >= hi) {
    // The aim puts the budget beyond a size that failed: memory near the limit outgrew the line (or the
    // model's slope), so the boundary is likely a little below that failure. Step down a tenth of the
    // bracket (at least the granularity), doubling with each further failure, never past halfway.
    const failedAbove = points.filter((p) => !p.fits && p.contextSize > lo).length;
    return alignDown(Math.max((lo + hi) / 2, hi - Math.max(step, (hi - lo) * 0.1) * 2 ** (failedAbove - 1)));
  }
  if (aim !== null && aim <= lo) return Math.min(up, Math.max(lo + step, alignDown((lo + hi) / 2))); // check above, at most halfway
  const mid = alignDown((lo + hi) / 2);
  return mid > lo && mid < hi ? mid : Math.floor((lo + hi) / 2);
}

/** Where the budget ends by a line through the measured points (or one point and the model's slope). */
export function aimedContext(spec: SearchSpec, points: SearchPoint[]): number | null {
  if (spec.budgetBytes === null) return null;
  const measured = points.filter((p) => p.fits && p.usedBytes !== null) as { contextSize: number; usedBytes: number }[];
  const target = spec.budgetBytes;
  const line = fitLine(measured);
  const at = line ? (line.slope > 0 ? (target - line.intercept) / line.slope : NaN) : oneWithSlope(measured, spec.bytesPerToken, target);
  if (!Number.isFinite(at)) return null;
  return clamp(alignDown(at), spec.minContext, spec.maxContext);
}

function fitLine(points: { contextSize: number; usedBytes: number }[]): { intercept: number; slope: number } | null {
  const xs = new Set(points.map((p) => p.contextSize));
  if (xs.size < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.contextSize, 0) / n;
  const my = points.reduce((s, p) => s + p.usedBytes, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.contextSize - mx) * (p.usedBytes - my), 0);
  const sxx = points.reduce((s, p) => s + (p.contextSize - mx) ** 2, 0);
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

function oneWithSlope(points: { contextSize: number; usedBytes: number }[], slope: number | null, budget: number): number {
  const last = points.at(-1);
  if (!last || slope === null || slope <= 0) return NaN;
  return last.contextSize + (ONE_POINT_REACH * (budget - last.usedBytes)) / slope;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const maxOf = (xs: number[]) => (xs.length ? Math.max(...xs) : null);
const minOf = (xs: number[]) => (xs.length ? Math.min(...xs) : null);
