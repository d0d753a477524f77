import type { TuneBackend, TunePolicy, TuneSettings } from '../../contract/tune.js';
import { largestFittingContext } from './memoryFit.js';
import type { FitCheck } from './TunePlan.js';

/** Options of {@link resolveTuneContext}. */
export interface ContextRequest {
  requested: number | 'max';
  policy: TunePolicy;
  backend: TuneBackend;
  /** The model's trained context (the ceiling for `max`). Defaults to 32768 when unknown. */
  trainContextSize: number | null;
  /** The leanest settings tune could run at a context (flash attention on, a quantized cache, a small batch). */
  leanest: (contextSize: number) => TuneSettings[];
  fits: FitCheck;
}

/** The context to tune, or why there is none. */
export type ResolvedContext = { contextSize: number; notes: string[] } | { contextSize: null; reason: string };

/**
 * `max` is the largest context the memory model lets fit; `shrink-ctx` lowers a context that does not
 * fit on the device until it does; `gpu-only` refuses one that does not fit instead of spilling;
 * `allow-spill` keeps the context asked for and lets the steps decide.
 */
export function resolveTuneContext(r: ContextRequest): ResolvedContext {
  if (r.policy === 'gpu-only' && r.backend === 'cpu') return { contextSize: null, reason: 'gpu-only keeps the model on a GPU, and this tune runs on the CPU backend (give --backend vulkan, cuda or metal)' };
  const ceiling = r.trainContextSize ?? 32_768;
  const fitsAt = (ctx: number) => r.leanest(ctx).some((s) => r.fits(s).fits);
  if (r.requested === 'max') {
    const max = largestFittingContext(ceiling, r.leanest, r.fits);
    if (max === null) return { contextSize: null, reason: 'not even 256 tokens of context fit on the device by the memory model' };
    return { contextSize: max, notes: [`--ctx max: ${max} tokens, the largest that fits by the memory model (trained context ${r.trainContextSize ?? 'unknown'}).`] };
  }
  if (r.policy === 'allow-spill' || fitsAt(r.requested)) return { contextSize: r.requested, notes: [] };
  const largest = largestFittingContext(r.requested, r.leanest, r.fits);
  if (r.policy === 'gpu-only') {
    return { contextSize: null, reason: `${r.requested} tokens cannot stay on the device with any setting tune would try${largest ? `; the largest that can is ${largest} (use --policy shrink-ctx to tune there, or allow-spill to measure the spill)` : ''}` };
  }
  if (largest === null) return { contextSize: null, reason: 'not even 256 tokens of context fit on the device by the memory model' };
  return { contextSize: largest, notes: [`shrink-ctx: ${r.requested} tokens do not fit on the device by the memory model; tuned at ${largest}, the largest that does.`] };
}
