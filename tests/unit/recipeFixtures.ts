import type { Recipe } from '../../src-shared/contract/recipe';

// Settings records for the renderer golden tests. The numbers are a typical single-GPU setup and a
// CPU-only one; their sources are written out the way the builders write them.

const verified = (stepId: string, note: string) => ({ kind: 'verified' as const, stepId, note });

/** An 8B model on a 24 GB GPU: every layer offloaded, flash attention and a q8_0 cache. */
export const gpuRecipe: Recipe = {
  basis: 'probe',
  probeId: 'p-gpu',
  model: { path: '/models/Qwen3-8B-Q4_K_M.gguf', name: 'Qwen3-8B-Q4_K_M', architecture: 'qwen3', layerCount: 36, trainedContext: 40960, sizeBytes: 5_027_783_488, headSizes: { k: [128], v: [128] } },
  machine: { backend: 'cuda', deviceName: 'NVIDIA GeForce RTX 4090', vramTotalBytes: 25_757_220_864, ramTotalBytes: 68_719_476_736 },
  settings: { contextSize: 32768, flashAttention: true, typeK: 'q8_0', typeV: 'q8_0', gpuLayers: 'all', batchSize: 512, ubatchSize: 512, threads: 8, parallel: 1 },
  sources: Object.fromEntries(['contextSize', 'flashAttention', 'typeK', 'typeV', 'gpuLayers', 'batchSize', 'ubatchSize', 'threads', 'parallel'].map((k) => [k, verified('s7', 'step s7 passed at 32768 tokens')])),
  requestedContextSize: null,
  verifiedMaxContextSize: 32768,
  warnings: [],
  suggestions: [],
};

/** A partial offload with two slots, a margin, and batch ≠ ubatch: the cases renderers must translate. */
export const partialRecipe: Recipe = {
  ...gpuRecipe,
  basis: 'settings',
  model: { ...gpuRecipe.model, path: '/home/alice/My Models/Qwen3-8B-Q4_K_M.gguf' },
  settings: { contextSize: 12000, flashAttention: false, typeK: 'q8_0', typeV: 'f16', gpuLayers: 27, batchSize: 2048, ubatchSize: 512, threads: 6, parallel: 2, memoryMarginBytes: 1_073_741_824 },
  sources: {
    contextSize: verified('s3', 'step s3 passed at 12288 tokens'),
    flashAttention: verified('s3', 'step s3'),
    typeK: verified('s3', 'step s3'),
    typeV: verified('s3', 'step s3'),
    gpuLayers: verified('s3', 'step s3'),
    batchSize: { kind: 'user', note: 'typed by the user' },
    ubatchSize: verified('s3', 'step s3'),
    threads: verified('s3', 'step s3'),
    parallel: { kind: 'user', note: 'typed by the user' },
    memoryMarginBytes: { kind: 'user', note: 'typed by the user' },
  },
};

/** CPU only (what this machine's probes produce): no layer on a GPU, two threads. */
export const cpuRecipe: Recipe = {
  basis: 'probe',
  probeId: 'p-cpu',
  model: { path: '/tmp/headroom-tiny-models/tiny.gguf', name: 'tiny', architecture: 'llama', layerCount: 2, trainedContext: 8192, sizeBytes: 180_000, headSizes: { k: [16], v: [16] } },
  machine: { backend: 'cpu', deviceName: null, vramTotalBytes: null, ramTotalBytes: 25_769_803_776 },
  settings: { contextSize: 4096, flashAttention: false, typeK: 'f16', typeV: 'f16', gpuLayers: 0, batchSize: 512, ubatchSize: 512, threads: 2, parallel: 1 },
  sources: Object.fromEntries(['contextSize', 'flashAttention', 'typeK', 'typeV', 'gpuLayers', 'batchSize', 'ubatchSize', 'threads', 'parallel'].map((k) => [k, verified('s2', 'step s2 passed at 4096 tokens')])),
  requestedContextSize: null,
  verifiedMaxContextSize: 4096,
  warnings: [],
  suggestions: [],
};

/** Only a context from the memory model: every other setting left to the runtime. */
export const estimateRecipe: Recipe = {
  basis: 'estimate',
  probeId: null,
  model: { path: '/models/Llama-3.1-8B-Instruct-Q4_K_M.gguf', name: 'Llama-3.1-8B-Instruct-Q4_K_M', architecture: 'llama', layerCount: 32, trainedContext: 131072, sizeBytes: 4_920_734_976, headSizes: null },
  machine: null,
  settings: { contextSize: 16384 },
  sources: { contextSize: { kind: 'estimated', note: 'memory model', errorBand: { low: 15360, high: 17408 } } },
  requestedContextSize: 16384,
  verifiedMaxContextSize: null,
  warnings: [{ code: 'estimate_only', message: 'Estimated by the memory model only: nothing was run.', hint: 'Probe it.' }],
  suggestions: [],
};

export const recipeCases = { gpu: gpuRecipe, partial: partialRecipe, cpu: cpuRecipe, estimate: estimateRecipe };
