import type { CalibrationBackend, CalibrationSample, CalibrationTerm, CalibrationTerms } from './CalibrationSchema.js';
import { median, robustTerm, theilSen } from './robustTerm.js';

const MiB = 2 ** 20;

/**
 * The corrections one backend's samples support. `exclude` leaves a model out, so that a benchmark never
 * scores a model on corrections it contributed to. Null when the backend has no sample.
 */
export function calibrationTerms(samples: CalibrationSample[], backend: CalibrationBackend, exclude?: string): CalibrationTerms | null {
  const own = samples.filter((s) => s.backend === backend && s.model !== exclude);
  if (!own.length) return null;
  const ratio = (pick: (s: CalibrationSample) => [number, number]) =>
    own.map(pick).filter(([, estimated]) => estimated > 0).map(([measured, estimated]) => measured / estimated);
  const computeOf = (fa: boolean) => robustTerm(ratio((s) => (s.flashAttention === fa ? [s.measured.computeBytes, s.estimated.computeBytes] : [0, 0])), true);
  const deviceInHostMemory = inHostMemory(own);
  const rss = rssLine(own, deviceInHostMemory);
  const vram = own.filter((s) => s.measured.vramUsedBytes !== null && s.measured.vramUsedBytes > 0 && s.measured.deviceBytes > 0);
  return {
    backend,
    steps: own.length,
    models: new Set(own.map((s) => s.model)).size,
    computeRatio: { on: computeOf(true), off: computeOf(false) },
    kvRatio: robustTerm(ratio((s) => [s.measured.kvBytes, s.estimated.kvBytes]), true),
    runtimeOverheadBytes: rss.overhead,
    rssPerAllocatedByte: rss.perByte,
    vramOverheadBytes: robustTerm(vram.map((s) => s.measured.vramUsedBytes! - s.measured.deviceBytes), false),
    deviceInHostMemory,
  };
}

/** Bytes of a step's buffers that the process's RSS holds. */
export function residentAllocation(s: Pick<CalibrationSample['measured'], 'hostBytes' | 'deviceBytes'>, deviceInHostMemory: boolean): number {
  return s.hostBytes + (deviceInHostMemory ? s.deviceBytes : 0);
}

/**
 * Device buffers that the device's VRAM figures do not show (lavapipe reports none used) are host memory.
 * Decided by the majority of the steps that had device buffers.
 */
function inHostMemory(samples: CalibrationSample[]): boolean {
  const onDevice = samples.filter((s) => s.measured.deviceBytes > 0);
  if (!onDevice.length) return false;
  const unseen = onDevice.filter((s) => (s.measured.vramUsedBytes ?? 0) < s.measured.deviceBytes / 2);
  return unseen.length * 2 > onDevice.length;
}

/**
 * Peak RSS as a line over the resident allocation: runtime overhead + bytes per allocated byte. With too few
 * steps or too little spread in their sizes the slope is taken as 1 and the overhead is the median excess.
 */
function rssLine(samples: CalibrationSample[], deviceInHostMemory: boolean): { overhead: CalibrationTerm | null; perByte: CalibrationTerm | null } {
  const points = samples.filter((s) => s.measured.peakRssBytes !== null).map((s) => ({ x: residentAllocation(s.measured, deviceInHostMemory), y: s.measured.peakRssBytes! }));
  if (!points.length) return { overhead: null, perByte: null };
  const spread = Math.max(64 * MiB, 0.25 * median(points.map((p) => p.x)));
  const line = theilSen(points, spread);
  // A slope outside [0.5, 1.05] is noise from a narrow set of sizes: fall back to a slope of 1.
  const slope = line && line.slope >= 0.5 && line.slope <= 1.05 ? line.slope : 1;
  const overhead = robustTerm(points.map((p) => p.y - slope * p.x), false);
  const slopes = line && slope !== 1 ? points.filter((p) => p.x > 0).map((p) => (p.y - overhead!.value) / p.x) : [];
  const perByte = slopes.length ? { ...robustTerm(slopes, true)!, value: slope } : { value: 1, spread: 0, count: 0, outliers: 0 };
  return { overhead, perByte };
}
