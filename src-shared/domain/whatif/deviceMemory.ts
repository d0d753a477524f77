import type { KvCacheType } from '../../contract/settings.js';
import { estimateMemory, type WeightTensor } from '../memory/estimateMemory.js';
import { ggmlTypeByName, rowBytes } from '../memory/ggmlTypes.js';
import type { MemoryEstimate } from '../memory/MemoryEstimate.js';
import type { ModelGeometry } from '../models/ModelGeometry.js';
import { tensorPlan } from '../models/tensorPlan.js';

/** What the what-if questions know about a model: its shape, and its tensors (or a weight type to estimate them). */
export interface WhatIfModel {
  geometry: ModelGeometry;
  tensors: WeightTensor[] | null;
  weightType?: string;
}

/** One configuration on one set of devices. */
export interface Placement {
  contextSize: number;
  flashAttention: boolean;
  kv: KvCacheType;
  /** GPUs (or Apple silicon) by name and split weight; none for a CPU-only device. */
  gpus: { name: string; weight?: number }[];
  gpuLayers?: number | 'all';
}

/** The memory model for `placement`: a thin, named call so every what-if answer uses the same settings (llama.cpp defaults). */
export function estimateFor(model: WhatIfModel, p: Placement): MemoryEstimate {
  return estimateMemory({
    geometry: model.geometry,
    contextSize: p.contextSize,
    typeK: p.kv,
    typeV: p.kv,
    flashAttention: p.flashAttention,
    gpus: p.gpus,
    gpuLayers: p.gpus.length ? (p.gpuLayers ?? 'all') : 0,
    tensors: model.tensors ?? undefined,
    weightType: model.weightType,
  });
}

/** The weight tensors: the file's, or the geometry's at the weight type (null when neither is known). */
export function weightTensors(model: WhatIfModel): WeightTensor[] | null {
  if (model.tensors) return model.tensors;
  const type = model.weightType ? ggmlTypeByName(model.weightType) : undefined;
  if (!type) return null;
  const f32 = ggmlTypeByName('f32')!;
  return tensorPlan(model.geometry, true).map((t) => ({
    name: t.name,
    bytes: rowBytes(t.fill === 'noise' ? type : f32, t.shape[0]!) * t.shape.slice(1).reduce((a, b) => a * b, 1),
  }));
}

/** Bytes of routed-expert tensors (`ffn_*_exps`), which `--n-cpu-moe` / `-ot exps=CPU` keep in RAM. */
export function expertBytes(tensors: WeightTensor[]): number {
  return tensors.filter((t) => /_exps\./.test(t.name)).reduce((s, t) => s + t.bytes, 0);
}

/**
 * The largest context (a multiple of 256, at most `limit`) for which `fits` holds, or null when 256 does
 * not fit. Memory grows with context, so a bisection finds it in a dozen estimates.
 */
export function largestContext(fits: (contextSize: number) => boolean, limit: number): number | null {
  const top = Math.max(1, Math.floor(limit / 256));
  if (!fits(256)) return null;
  if (fits(top * 256)) return limit >= 256 ? Math.max(256, limit) : 256;
  let lo = 1;
  let hi = top;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid * 256)) lo = mid;
    else hi = mid;
  }
  return lo * 256;
}
