import type { CalibrationBackend, CalibrationRuntime, CalibrationSample, CalibrationTerm, CalibrationTerms } from './CalibrationSchema.js';
import { median, robustTerm, theilSen } from './robustTerm.js';

/**
 * The corrections one backend's samples support, for one runtime (node-llama-cpp's unless named). `exclude`
 * leaves a model out, so that a benchmark never scores a model on corrections it contributed to. Null when
 * the backend has no sample.
 */
export function calibrationTerms(samples: CalibrationSample[], backend: CalibrationBackend, exclude?: string, runtime: CalibrationRuntime = 'node-llama-cpp'): CalibrationTerms | null {
  const own = samples.filter((s) => s.backend === backend && s.runtime === runtime && s.model !== exclude);
  if (!own.length) return null;
  const ratio = (pick: (s: CalibrationSample) => [number, number]) =>
    own.map(pick).filter(([, estimated]) => estimated > 0).map(([measured, estimated]) => measured / estimated);
  const computeOf = (fa: boolean) => robustTerm(ratio((s) => (s.flashAttention === fa ? [s.measured.computeBytes, s.estimated.computeBytes] : [0, 0])), true);
  const deviceInHostMemory = inHostMemory(own);
  const rss = rssTerms(own, deviceInHostMemory);
  const vram = own.filter((s) => s.measured.vramUsedBytes !== null && s.measured.vramUsedBytes > 0 && s.measured.deviceBytes > 0);
  return {
    backend,
    runtime,
    steps: own.length,
    models: new Set(own.map((s) => s.model)).size,
    computeRatio: { on: computeOf(true), off: computeOf(false) },
    weightsRatio: robustTerm(ratio((s) => [s.measured.hostModelBytes + s.measured.deviceModelBytes, s.estimated.weightsBytes]), true),
    kvRatio: robustTerm(ratio((s) => [s.measured.kvBytes, s.estimated.kvBytes]), true),
    runtimeOverheadBytes: rss.overhead,
    rssPerWeightByte: rss.perWeight,
    vramOverheadBytes: robustTerm(vram.map((s) => s.measured.vramUsedBytes! - s.measured.deviceBytes), false),
    deviceInHostMemory,
  };
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
 * Peak RSS = runtime overhead + bytes per weight byte × the weights it holds + its other buffers. The overhead
 * is the worker's RSS before loading; the weights' term is the ratio of what remains to the memory model's
 * weights. Once the steps cover models of clearly different sizes, a Theil–Sen line over them also separates
 * a constant that loading adds (a backend's pipelines) from the per-byte term.
 */
function rssTerms(samples: CalibrationSample[], inHost: boolean): { overhead: CalibrationTerm | null; perWeight: CalibrationTerm | null } {
  const usable = samples.filter((s) => s.measured.peakRssBytes !== null && s.measured.rssBeforeBytes !== null);
  if (!usable.length) return { overhead: null, perWeight: null };
  const points = usable.map((s) => {
    const m = s.measured;
    const other = m.hostBytes - m.hostModelBytes + (inHost ? m.deviceBytes - m.deviceModelBytes : 0);
    const modelBytes = m.hostModelBytes + m.deviceModelBytes;
    const share = inHost || modelBytes === 0 ? 1 : m.hostModelBytes / modelBytes;
    return { before: m.rssBeforeBytes!, x: s.estimated.weightsBytes * share, y: m.peakRssBytes! - m.rssBeforeBytes! - other };
  });
  const weighed = points.filter((p) => p.x > 0);
  const line = theilSen(weighed, 0.25 * median(weighed.map((p) => p.x)));
  if (line && line.slope > 0.3 && line.slope < 3) {
    return { overhead: robustTerm(points.map((p) => p.before + p.y - line.slope * p.x), false), perWeight: { ...robustTerm(weighed.map((p) => (p.y - line.intercept) / p.x), true)!, value: line.slope } };
  }
  return { overhead: robustTerm(points.map((p) => p.before), false), perWeight: robustTerm(weighed.map((p) => p.y / p.x), true) };
}
