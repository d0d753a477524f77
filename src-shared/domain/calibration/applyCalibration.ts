import type { MemoryEstimate } from '../memory/MemoryEstimate.js';
import type { CalibratedEstimate, CalibrationBackend, CalibrationTerm, CalibrationTerms } from './CalibrationSchema.js';

/** The narrowest band a calibrated part gets: a handful of steps on one machine is not exact. */
const FLOOR = { compute: 0.02, kvCache: 0.01 };

/**
 * This machine's corrections on top of the memory model's estimate: compute and KV by the measured ratios,
 * the process's peak RSS as runtime overhead + resident bytes per allocated byte, VRAM with the device's
 * own overhead. Bands narrow to the scatter the steps showed (never wider than the model's own). Without
 * terms the estimate is returned as it is, saying it is not calibrated.
 */
export function applyCalibration(e: MemoryEstimate, backend: CalibrationBackend, terms: CalibrationTerms | null): CalibratedEstimate {
  const computeTerm = terms && (e.settings.flashAttention ? terms.computeRatio.on : terms.computeRatio.off);
  const computeScale = computeTerm?.value ?? 1;
  const kvScale = terms?.kvRatio?.value ?? 1;
  const part = (kind: 'cpu' | 'gpu') => e.devices.filter((d) => d.kind === kind).reduce((s, d) => s + (d.weightsBytes ?? 0) + d.kvBytes * kvScale + d.computeBytes * computeScale + d.outputBytes, 0);
  const host = part('cpu');
  const device = part('gpu');
  const computeBytes = e.computeBytes * computeScale;
  const kvBytes = e.kvCache.totalBytes * kvScale;
  const totalBytes = e.totalBytes - e.computeBytes - e.kvCache.totalBytes + computeBytes + kvBytes;
  const band = { compute: narrowed(computeTerm, e.errorBand.compute, FLOOR.compute), kvCache: narrowed(terms?.kvRatio ?? null, e.errorBand.kvCache, FLOOR.kvCache) };
  const spread = kvBytes * band.kvCache + computeBytes * band.compute + (e.weightsBytes ?? 0) * (e.errorBand.weights ?? 0) + e.outputBytes * e.errorBand.output;
  const overhead = terms?.runtimeOverheadBytes;
  const resident = host + (terms?.deviceInHostMemory ? device : 0);
  const hasGpu = e.devices.some((d) => d.kind === 'gpu' && d.totalBytes > 0);
  return {
    calibrated: terms !== null,
    backend,
    steps: terms?.steps ?? 0,
    models: terms?.models ?? 0,
    note: noteFor(backend, terms, computeTerm),
    computeBytes: Math.round(computeBytes),
    kvBytes: Math.round(kvBytes),
    totalBytes: Math.round(totalBytes),
    rssBytes: overhead ? Math.round(overhead.value + (terms.rssPerAllocatedByte?.value ?? 1) * resident) : null,
    vramBytes: hasGpu && !terms?.deviceInHostMemory ? Math.round(device + (terms?.vramOverheadBytes?.value ?? 0)) : null,
    errorBand: { ...band, lowBytes: Math.max(0, Math.round(totalBytes - spread)), highBytes: Math.round(totalBytes + spread) },
    terms,
  };
}

/** The scatter of a term's steps, at least `floor`, never wider than the uncalibrated band. */
function narrowed(term: CalibrationTerm | null, uncalibrated: number, floor: number): number {
  if (!term || term.count === 0) return uncalibrated;
  return Math.min(uncalibrated, Math.max(floor, term.spread));
}

function noteFor(backend: CalibrationBackend, terms: CalibrationTerms | null, compute: CalibrationTerm | null): string {
  if (!terms) return `Not calibrated on this machine: no measured ${backend} step yet (a probe or a tune calibrates it); the bands are the memory model's own.`;
  const models = `${terms.models} model${terms.models === 1 ? '' : 's'}`;
  const missing = compute ? '' : ' (compute not yet for this flash attention setting)';
  return `Calibrated on ${terms.steps} step${terms.steps === 1 ? '' : 's'} on this machine (${backend}, ${models})${missing}.`;
}
