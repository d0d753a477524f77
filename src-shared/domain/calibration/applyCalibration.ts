import type { MemoryEstimate } from '../memory/MemoryEstimate.js';
import type { CalibratedEstimate, CalibrationBackend, CalibrationTerm, CalibrationTerms } from './CalibrationSchema.js';

/** The narrowest band a calibrated part gets: a handful of steps on one machine is not exact. */
const FLOOR = { compute: 0.02, kvCache: 0.01, weights: 0.01 };

/**
 * This machine's corrections on top of the memory model's estimate: weights, compute and KV by the measured
 * ratios, the process's peak RSS as runtime overhead + resident bytes per weight byte + the other buffers,
 * VRAM with the device's own overhead. Bands become the scatter the steps showed; corrections learned from a
 * single model keep half their size as band, since how they carry over to another geometry is not measured
 * yet. Without terms the estimate is returned as it is, saying it is not calibrated.
 */
export function applyCalibration(e: MemoryEstimate, backend: CalibrationBackend, terms: CalibrationTerms | null): CalibratedEstimate {
  const computeTerm = terms && (e.settings.flashAttention ? terms.computeRatio.on : terms.computeRatio.off);
  const scale = { compute: computeTerm?.value ?? 1, kv: terms?.kvRatio?.value ?? 1, weights: terms?.weightsRatio?.value ?? 1 };
  const on = (kind: 'cpu' | 'gpu') => e.devices.filter((d) => d.kind === kind);
  const weightsOn = (kind: 'cpu' | 'gpu') => on(kind).reduce((s, d) => s + (d.weightsBytes ?? 0), 0);
  const otherOn = (kind: 'cpu' | 'gpu') => on(kind).reduce((s, d) => s + d.kvBytes * scale.kv + d.computeBytes * scale.compute + d.outputBytes, 0);
  const weightsBytes = (e.weightsBytes ?? 0) * scale.weights;
  const computeBytes = e.computeBytes * scale.compute;
  const kvBytes = e.kvCache.totalBytes * scale.kv;
  const totalBytes = e.totalBytes - (e.weightsBytes ?? 0) - e.computeBytes - e.kvCache.totalBytes + weightsBytes + computeBytes + kvBytes;
  const models = terms?.models ?? 0;
  const band = {
    compute: bandOf(computeTerm, e.errorBand.compute, FLOOR.compute, models),
    kvCache: bandOf(terms?.kvRatio ?? null, e.errorBand.kvCache, FLOOR.kvCache, models),
    weights: e.weightsBytes === null ? null : bandOf(terms?.weightsRatio ?? null, e.errorBand.weights ?? 0, FLOOR.weights, models),
  };
  const spread = kvBytes * band.kvCache + computeBytes * band.compute + weightsBytes * (band.weights ?? 0) + e.outputBytes * e.errorBand.output;
  const overhead = terms?.runtimeOverheadBytes;
  const inHost = terms?.deviceInHostMemory ?? false;
  const residentWeights = weightsOn('cpu') + (inHost ? weightsOn('gpu') : 0);
  const residentOther = otherOn('cpu') + (inHost ? otherOn('gpu') : 0);
  const hasGpu = e.devices.some((d) => d.kind === 'gpu' && d.totalBytes > 0);
  return {
    calibrated: terms !== null,
    backend,
    steps: terms?.steps ?? 0,
    models,
    note: noteFor(backend, terms, computeTerm),
    computeBytes: Math.round(computeBytes),
    kvBytes: Math.round(kvBytes),
    totalBytes: Math.round(totalBytes),
    rssBytes: overhead ? Math.round(overhead.value + (terms.rssPerWeightByte?.value ?? 1) * residentWeights + residentOther) : null,
    vramBytes: hasGpu && !inHost ? Math.round(weightsOn('gpu') * scale.weights + otherOn('gpu') + (terms?.vramOverheadBytes?.value ?? 0)) : null,
    errorBand: { ...band, lowBytes: Math.max(0, Math.round(totalBytes - spread)), highBytes: Math.round(totalBytes + spread) },
    terms,
  };
}

/**
 * A calibrated part's relative band: the scatter its steps showed (at least `floor`); from a single model, at
 * least half the correction applied. Uncalibrated: the memory model's own band.
 */
function bandOf(term: CalibrationTerm | null, uncalibrated: number, floor: number, models: number): number {
  if (!term || term.count === 0) return uncalibrated;
  return Math.max(floor, term.spread, models < 2 ? Math.abs(term.value - 1) / 2 : 0);
}

function noteFor(backend: CalibrationBackend, terms: CalibrationTerms | null, compute: CalibrationTerm | null): string {
  if (!terms) return `Not calibrated on this machine: no measured ${backend} step yet (a probe or a tune calibrates it); the bands are the memory model's own.`;
  const models = `${terms.models} model${terms.models === 1 ? '' : 's'}`;
  const missing = compute ? '' : ' (compute not yet for this flash attention setting)';
  return `Calibrated on ${terms.steps} step${terms.steps === 1 ? '' : 's'} on this machine (${backend}, ${models})${missing}.`;
}
