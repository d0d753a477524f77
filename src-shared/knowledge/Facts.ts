import { z } from 'zod';

// Numbers and names the matcher reads from a log. They make fixes concrete ("your KV cache at
// 32,768 tokens needs 8,192 MiB") and let entries state conditions ("fewer layers on the GPU
// than the model has"). Sizes are MiB, whatever unit the log printed.

/** Facts holding a number. */
export const NUMERIC_FACTS = [
  /** The allocation that failed. */
  'requestedMiB',
  /** Free memory on the device (or host) when it failed. */
  'freeMiB',
  /** Total memory of the device (or the Metal working set). */
  'totalMiB',
  /** Largest single buffer the device allows (Metal, Vulkan). */
  'maxBufferMiB',
  /** Context size the runtime was asked for (n_ctx, num_ctx, max_model_len). */
  'contextSize',
  /** Context the model was trained for (n_ctx_train, max_position_embeddings). */
  'trainedContext',
  /** Tokens in the prompt that did not fit. */
  'promptTokens',
  /** Largest context that fits, when the runtime says so (vLLM). */
  'fitsContext',
  'layersOffloaded',
  'layersTotal',
  /** Share of the model on the CPU, in percent (ollama ps). */
  'cpuPercent',
  'batchSize',
  'ubatchSize',
  'parallel',
  /** The whole KV cache. */
  'kvCacheMiB',
  /** Model weights on GPU devices. */
  'modelMiB',
  /** Model weights on the CPU side. */
  'cpuModelMiB',
  /** Compute (scratch) buffers on GPU devices. */
  'computeMiB',
  /** Running total of Metal buffers after the weights / after the KV cache. */
  'metalAfterWeightsMiB',
  'metalAfterKvMiB',
  /** Model geometry printed by llama.cpp (enough for the memory model). */
  'nLayer',
  'nHead',
  'nHeadKv',
  'nEmbd',
  'nEmbdHeadK',
  'nEmbdHeadV',
  'nEmbdKGqa',
  'nEmbdVGqa',
  'nSwa',
  'nVocab',
  'nFf',
  /** Speed ratio at the longest context against the shortest (0.4 = 60 % slower). */
  'speedRatio',
  /** Speed with flash attention on against off, on the test where it fares best (0.5 = half as fast even there). */
  'flashAttentionSpeedRatio',
  /** With flash attention on, the slowest KV cache type's speed against the fastest's, on the test where they differ most. */
  'kvCacheSpeedRatio',
] as const;

/** Facts holding text. */
export const TEXT_FACTS = [
  'device',
  'gpuName',
  'computeCapability',
  'gfxTarget',
  'driverVersion',
  'cudaVersion',
  'runtimeVersion',
  'errorCode',
  'exitSignal',
  'exitStatus',
  'architecture',
  'missingLibrary',
  'typeK',
  'typeV',
  'requiredCpuFeature',
  /** Where memory ran out, from the last out-of-memory line and the stage before it: weights, kv, compute, eval. */
  'oomStage',
  /** Runtime and backend the log comes from, as recognised by its wording. */
  'runtime',
  'backend',
] as const;

export const BOOLEAN_FACTS = ['flashAttention'] as const;

export type NumericFact = (typeof NUMERIC_FACTS)[number];
export type TextFact = (typeof TEXT_FACTS)[number];
export type FactName = NumericFact | TextFact | (typeof BOOLEAN_FACTS)[number];

export const FactNameSchema = z.enum([...NUMERIC_FACTS, ...TEXT_FACTS, ...BOOLEAN_FACTS]);

export const FactsSchema = z
  .object({
    ...Object.fromEntries(NUMERIC_FACTS.map((f) => [f, z.number()])),
    ...Object.fromEntries(TEXT_FACTS.map((f) => [f, z.string()])),
    flashAttention: z.boolean(),
  } as Record<NumericFact, z.ZodNumber> & Record<TextFact, z.ZodString> & { flashAttention: z.ZodBoolean })
  .partial();
export type Facts = z.infer<typeof FactsSchema>;

/** One speed measurement at a context depth, from a benchmark table or timing lines. */
export const SpeedSampleSchema = z.object({
  phase: z.enum(['prompt', 'generation']),
  /** Tokens already in the context when it was measured. */
  depth: z.number().nonnegative(),
  tokensPerSecond: z.number().nonnegative(),
  /** GPU layers of that run, when the benchmark varied them. */
  gpuLayers: z.number().int().nonnegative().optional(),
  flashAttention: z.boolean().optional(),
  /** The K and V cache types of that run ("q4_0/iq4_nl"), when the benchmark varied them. */
  kvCache: z.string().optional(),
  line: z.number().int().positive(),
});
export type SpeedSample = z.infer<typeof SpeedSampleSchema>;

export function isNumericFact(name: string): name is NumericFact {
  return (NUMERIC_FACTS as readonly string[]).includes(name);
}

export function isTextFact(name: string): name is TextFact {
  return (TEXT_FACTS as readonly string[]).includes(name);
}

// Live facts: what a running runtime says about itself (issue 16's audit). Entries state conditions
// over them (`{kind: "live"}`), so one knowledge base explains a log, a probe step and a live server.
// A log never yields them, so live conditions never hold in a log diagnosis.

/** Live facts holding a number. */
export const LIVE_NUMERIC_FACTS = [
  /** The context the server was given (llama-server -c: the pool its slots share). */
  'contextSize',
  'slots',
  /** Tokens one request can hold. */
  'perSlotContext',
  /** -ngl / num_gpu as a number (absent when auto or all). */
  'gpuLayers',
  /** Share of the model's weights on the CPU, 0–1. */
  'cpuShare',
  /** The longest prompt plus reply the user said they send. */
  'promptTokens',
  /** The fullest llama-server slot: tokens it held after its last request, and its context. */
  'slotPromptTokens',
  'slotContext',
  /** Context the loaded model was trained for. */
  'trainedContext',
  /** The context a probe of the same model file verified on this machine. */
  'verifiedContext',
  /** vLLM's KV cache usage (0–1) and preemptions. */
  'kvCacheUsage',
  'preemptions',
  'modelsLoaded',
] as const;

/** Live facts holding text. */
export const LIVE_TEXT_FACTS = [
  /** ollama, llama-server, lmstudio or vllm. */
  'runtime',
  'runtimeVersion',
  /** `on`, `off` or `auto`. */
  'flashAttention',
  'typeK',
  'typeV',
  /** vLLM's cache_dtype. */
  'cacheDtype',
  /** The first loaded model's name, as the runtime lists it. */
  'modelName',
] as const;

/** Live facts holding a yes or no. */
export const LIVE_BOOLEAN_FACTS = [
  /** The hardware probe found a GPU the runtime could use. */
  'hasGpu',
  /** The loaded model's geometry is known (so its KV cache can be sized). */
  'geometryKnown',
  /** The first loaded model takes images (Ollama's `vision` capability); absent when the runtime does not say. */
  'visionModel',
] as const;

export type LiveFactName = (typeof LIVE_NUMERIC_FACTS)[number] | (typeof LIVE_TEXT_FACTS)[number] | (typeof LIVE_BOOLEAN_FACTS)[number];
export const LiveFactNameSchema = z.enum([...LIVE_NUMERIC_FACTS, ...LIVE_TEXT_FACTS, ...LIVE_BOOLEAN_FACTS]);

/** One live value: what the runtime (or the user, or a probe) said. */
export type LiveValue = number | string | boolean;
