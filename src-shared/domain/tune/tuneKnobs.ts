import type { TuneBackend, TuneEngine, TunePolicy, TuneSettings } from '../../contract/tune.js';
import type { KnobName, TuneKnobs } from './TunePlan.js';

/** What the knob values depend on. */
export interface KnobFacts {
  contextSize: number;
  backend: TuneBackend;
  policy: TunePolicy;
  engine: TuneEngine;
  /** Cores the process may use. */
  usableCores: number;
  /** Repeating blocks of the model (llama.cpp offloads `layers + 1`, the output head counted). */
  layers: number;
  /** Whether the model has MoE expert tensors. */
  moe: boolean;
}

const BATCHES = [128, 512, 2048];

/**
 * The values tune tries per knob. Threads: 1, half and all the cores (on this kind of machine one thread
 * can be the fastest). Batches: 128, 512 and 2048, none above the context. GPU layers: all of them when
 * nothing may leave the device; with `allow-spill` also none and half, so the CPU competes.
 */
export function tuneKnobs(f: KnobFacts): TuneKnobs {
  const all = f.layers + 1;
  const onGpu = f.backend !== 'cpu';
  const keepOnDevice = f.policy !== 'allow-spill';
  return {
    gpuLayers: !onGpu ? [0] : keepOnDevice ? [all] : unique([all, Math.ceil(all / 2), 0]),
    threads: unique([1, Math.max(1, Math.floor(f.usableCores / 2)), f.usableCores]),
    flashAttention: [true, false],
    kv: [['f16', 'f16'], ['q8_0', 'q8_0']],
    batchSize: BATCHES.filter((b) => b <= Math.max(BATCHES[0]!, f.contextSize)),
    nCpuMoe: f.engine === 'llama.cpp' && f.moe ? unique([0, Math.ceil(f.layers / 2), f.layers]) : [],
  };
}

/**
 * Visit order: where the model lives first, then how the CPU works, then the attention and cache, then
 * batching; then threads, where the model lives and threads once more, around the better point (the CPU
 * judged at the defaults' threads can lose to a device it beats at its own best threads).
 */
export const KNOB_ORDER: KnobName[] = ['gpuLayers', 'nCpuMoe', 'threads', 'flashAttention', 'kv', 'batchSize', 'threads', 'gpuLayers', 'threads'];

/**
 * node-llama-cpp's defaults as a naive app runs it (`getLlama()`, `loadModel({modelPath})`,
 * `createContext({contextSize})`): threads max(math cores, 4) on the CPU, batch 512 (the context if
 * smaller), flash attention `auto` (llama.cpp turns it on where the backend supports it, as the CPU does),
 * an f16 cache, and every layer on the GPU that fits.
 */
export function nodeLlamaCppDefaults(f: KnobFacts): TuneSettings {
  const batch = Math.min(512, f.contextSize);
  return {
    contextSize: f.contextSize,
    threads: f.backend === 'cpu' ? Math.max(f.usableCores, 4) : f.usableCores,
    batchSize: batch,
    ubatchSize: batch,
    flashAttention: true,
    typeK: 'f16',
    typeV: 'f16',
    gpuLayers: f.backend === 'cpu' ? 0 : f.layers + 1,
    nCpuMoe: f.engine === 'llama.cpp' && f.moe ? 0 : null,
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
