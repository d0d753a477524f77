import type { KvCacheType } from '../../contract/settings.js';
import type { TuneBackend, TunePolicy, TuneSettings } from '../../contract/tune.js';

/** The knobs tune turns, one list of values each, in the order the search visits them. */
export interface TuneKnobs {
  gpuLayers: number[];
  threads: number[];
  flashAttention: boolean[];
  /** K and V cache types, as pairs. */
  kv: [KvCacheType, KvCacheType][];
  /** Batch sizes; ubatch follows the batch unless the engine can set it apart. */
  batchSize: number[];
  /** llama.cpp MoE offload: layers whose experts stay on the CPU. Empty when the model has no experts or the engine cannot set it. */
  nCpuMoe: number[];
}

export type KnobName = keyof TuneKnobs;

/** Everything the pure search needs to propose the next step. */
export interface TunePlan {
  contextSize: number;
  policy: TunePolicy;
  backend: TuneBackend;
  /** The runtime's defaults (node-llama-cpp as a naive app runs it): measured first, and a candidate like any other. */
  defaults: TuneSettings;
  knobs: TuneKnobs;
  /** Knob order: the largest effects first, so later knobs are tried around a good point. */
  order: KnobName[];
  /** Measurements per settings for the winner and the defaults before the winner is named (noise). Defaults to 2. */
  confirmRuns: number;
  /** Whether the engine runs ubatch apart from batch (llama.cpp does, node-llama-cpp does not). */
  separateUbatch: boolean;
  /** How progress names the defaults. Defaults to "node-llama-cpp's defaults". */
  defaultsLabel?: string;
}

/** Whether a candidate may run: the memory model's verdict, with its reason. */
export interface FitVerdict {
  fits: boolean;
  reason: string | null;
  estimate: { ramBytes: number; vramBytes: number } | null;
}

export type FitCheck = (settings: TuneSettings) => FitVerdict;
