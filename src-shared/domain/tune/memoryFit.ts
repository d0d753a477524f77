import type { TuneBackend, TuneSettings } from '../../contract/tune.js';
import { applyCalibration } from '../calibration/applyCalibration.js';
import type { CalibrationTerms } from '../calibration/CalibrationSchema.js';
import { estimateMemory, type WeightTensor } from '../memory/estimateMemory.js';
import { ggmlTypeByName, rowBytes } from '../memory/ggmlTypes.js';
import type { ModelGeometry } from '../models/ModelGeometry.js';
import type { FitCheck, FitVerdict } from './TunePlan.js';

/** What the memory model needs to judge a candidate on this machine. */
export interface FitFacts {
  geometry: ModelGeometry | null;
  tensors: WeightTensor[];
  backend: TuneBackend;
  /** Host memory the candidates may use. */
  ramLimitBytes: number;
  /** The GPU's memory; null when unknown (then nothing is pruned for VRAM). */
  vramLimitBytes: number | null;
  /** The largest single buffer the device takes (lavapipe: 128 MiB; a larger per-layer KV tensor aborts). Defaults to no limit. */
  maxBufferBytes?: number | null;
  /**
   * This machine's measured corrections per backend: with them a candidate's RAM is the process's predicted
   * peak RSS (runtime overhead included) and its VRAM includes the device's own overhead. Defaults to none.
   */
  calibration?: Partial<Record<TuneBackend, CalibrationTerms | null>>;
}

const MiB = 2 ** 20;

/**
 * The memory model as a pruning rule: a candidate whose estimate exceeds a device's limit is not run.
 * Without a geometry (a file the model does not understand) everything may run, and the steps decide.
 */
export function memoryFit(f: FitFacts): FitCheck {
  return (s: TuneSettings): FitVerdict => {
    if (!f.geometry) return { fits: true, reason: null, estimate: null };
    const block = blockMismatch(f.geometry, s);
    if (block) return { fits: false, reason: block, estimate: null };
    const buffer = f.backend !== 'cpu' && s.gpuLayers > 0 && f.maxBufferBytes ? layerKvBytes(f.geometry, s) : 0;
    if (f.maxBufferBytes && buffer > f.maxBufferBytes) return { fits: false, reason: `${describe(s)} puts ${mib(buffer)} of K or V per layer in one device buffer; this device takes at most ${mib(f.maxBufferBytes)} (it aborts beyond)`, estimate: null };
    const e = estimateOf(f, s);
    if (!e) return { fits: true, reason: null, estimate: null };
    if (f.vramLimitBytes !== null && e.vramBytes > f.vramLimitBytes) return { fits: false, reason: `${describe(s)} needs ${mib(e.vramBytes)} of VRAM; the device has ${mib(f.vramLimitBytes)}`, estimate: e };
    if (e.ramBytes > f.ramLimitBytes) return { fits: false, reason: `${describe(s)} needs ${mib(e.ramBytes)} of RAM; ${mib(f.ramLimitBytes)} may be used`, estimate: e };
    return { fits: true, reason: null, estimate: e };
  };
}

/** RAM and VRAM the memory model gives for these settings. */
export function estimateOf(f: Pick<FitFacts, 'geometry' | 'tensors' | 'backend' | 'calibration'>, s: TuneSettings): { ramBytes: number; vramBytes: number } | null {
  if (!f.geometry) return null;
  const onGpu = f.backend !== 'cpu';
  try {
    const e = estimateMemory({
      geometry: f.geometry,
      contextSize: s.contextSize,
      typeK: s.typeK,
      typeV: s.typeV,
      flashAttention: s.flashAttention,
      batchSize: s.batchSize,
      ubatchSize: s.ubatchSize,
      gpuLayers: onGpu ? s.gpuLayers : 0,
      gpus: onGpu ? [{ name: f.backend }] : [],
      tensors: f.tensors.length ? f.tensors : undefined,
    });
    const sum = (kind: 'cpu' | 'gpu') => e.devices.filter((d) => d.kind === kind).reduce((a, d) => a + d.totalBytes, 0);
    // A candidate without GPU layers runs on the CPU backend (see runNodeLlamaCppStep), so the CPU's corrections apply.
    const backend = onGpu && s.gpuLayers > 0 ? f.backend : 'cpu';
    const terms = f.calibration?.[backend];
    if (terms) {
      const c = applyCalibration(e, backend, terms);
      return { ramBytes: c.rssBytes ?? Math.round(sum('cpu')), vramBytes: c.vramBytes ?? Math.round(sum('gpu')) };
    }
    return { ramBytes: Math.round(sum('cpu')), vramBytes: Math.round(sum('gpu')) };
  } catch {
    return null;
  }
}

/**
 * The largest context (a multiple of 256, at most `upTo`) for which some of `settingsAt` fits, or null
 * when not even 256 tokens do. Memory grows with the context, so a bisection finds it.
 */
export function largestFittingContext(upTo: number, settingsAt: (contextSize: number) => TuneSettings[], fits: FitCheck): number | null {
  const ok = (ctx: number) => settingsAt(ctx).some((s) => fits(s).fits);
  let lo = 256;
  if (!ok(lo)) return null;
  let hi = Math.max(lo, Math.floor(upTo / 256) * 256);
  if (ok(hi)) return hi;
  while (hi - lo > 256) {
    const mid = Math.floor((lo + hi) / 512) * 256;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The largest per-layer K or V tensor: what one device buffer must hold. */
function layerKvBytes(g: ModelGeometry, s: TuneSettings): number {
  const heads = Math.max(...(typeof g.kvHeads === 'number' ? [g.kvHeads] : g.kvHeads));
  const k = ggmlTypeByName(s.typeK);
  const v = ggmlTypeByName(s.typeV);
  return Math.max(k ? rowBytes(k, heads * g.keyLength) : 0, v ? rowBytes(v, heads * g.valueLength) : 0) * s.contextSize;
}

/** llama.cpp refuses a quantized cache whose block does not divide the head size (e.g. q8_0's 32 on a 16-wide head). */
function blockMismatch(g: ModelGeometry, s: TuneSettings): string | null {
  for (const [name, type, size] of [['K', s.typeK, g.keyLength], ['V', s.typeV, g.valueLength]] as const) {
    const block = ggmlTypeByName(type)?.blockSize ?? 1;
    if (size % block !== 0) return `a ${type} ${name} cache needs head sizes divisible by ${block}; this model's are ${size}`;
  }
  return null;
}

const mib = (b: number) => `${Math.round(b / MiB)} MiB`;
const describe = (s: TuneSettings) => `context ${s.contextSize} with FA ${s.flashAttention ? 'on' : 'off'}, K/V ${s.typeK}/${s.typeV}, ${s.gpuLayers} GPU layers`;
