import type { CalibrationTerm } from './CalibrationSchema.js';

/** 1.4826 × MAD estimates a normal distribution's standard deviation. */
const MAD_TO_SD = 1.4826;
/** Values further than this many robust deviations from the median are outliers. */
const OUTLIER_SDS = 3;

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The median of the values left after dropping outliers (beyond 3 robust deviations of the first median),
 * with their scatter: relative to the value (`relative`) for ratios, in the values' units otherwise.
 * Null for no values.
 */
export function robustTerm(values: number[], relative: boolean): CalibrationTerm | null {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return null;
  const m = median(finite);
  const sd = MAD_TO_SD * median(finite.map((v) => Math.abs(v - m)));
  // With most values equal the MAD is 0: then anything more than 1 % off is the outlier (of 3 or more values).
  const near = (v: number) => (sd > 0 ? Math.abs(v - m) <= OUTLIER_SDS * sd : finite.length < 3 || Math.abs(v - m) <= Math.abs(m) * 0.01);
  const kept = finite.filter(near);
  const value = median(kept);
  const spread = MAD_TO_SD * median(kept.map((v) => Math.abs(v - value)));
  return { value, spread: relative ? (value === 0 ? 0 : spread / Math.abs(value)) : spread, count: kept.length, outliers: finite.length - kept.length };
}

/**
 * Theil–Sen line through points: the median of pairwise slopes, then the median intercept. It resists
 * outliers (up to 29 % of points) where a least-squares line does not. Null for fewer than 3 points or
 * when the x values barely differ (then the slope is noise).
 */
export function theilSen(points: Array<{ x: number; y: number }>, minXSpread: number): { slope: number; intercept: number } | null {
  if (points.length < 3) return null;
  const xs = points.map((p) => p.x);
  if (Math.max(...xs) - Math.min(...xs) < minXSpread) return null;
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i]!;
      const b = points[j]!;
      if (Math.abs(b.x - a.x) >= minXSpread / 4) slopes.push((b.y - a.y) / (b.x - a.x));
    }
  }
  if (!slopes.length) return null;
  const slope = median(slopes);
  return { slope, intercept: median(points.map((p) => p.y - slope * p.x)) };
}
