import { slidingWindowLayersFromPattern, type ModelGeometry } from './ModelGeometry.js';

/** A named geometry copied from a public model's config, for synthetic models and estimates. */
export interface ModelPreset {
  name: string;
  /** Where the numbers come from. */
  source: string;
  geometry: ModelGeometry;
}

type Optional = 'slidingWindow' | 'slidingWindowLayers' | 'keyLengthSwa' | 'valueLengthSwa' | 'mla' | 'experts' | 'ssm';

/** A geometry with the optional parts absent unless given. */
export const withDefaults = (g: Omit<ModelGeometry, Optional> & Partial<ModelGeometry>): ModelGeometry => ({
  slidingWindow: null,
  slidingWindowLayers: null,
  keyLengthSwa: null,
  valueLengthSwa: null,
  mla: null,
  experts: null,
  ssm: null,
  ...g,
});

export const modelPresets: ModelPreset[] = [
  {
    name: 'llama-3.1-8b',
    source: 'meta-llama/Llama-3.1-8B config.json',
    geometry: withDefaults({ architecture: 'llama', layers: 32, embeddingLength: 4096, feedForwardLength: 14336, heads: 32, kvHeads: 8, keyLength: 128, valueLength: 128, vocabSize: 128256, contextLength: 131072 }),
  },
  {
    name: 'qwen2.5-7b',
    source: 'Qwen/Qwen2.5-7B-Instruct config.json',
    geometry: withDefaults({ architecture: 'qwen2', layers: 28, embeddingLength: 3584, feedForwardLength: 18944, heads: 28, kvHeads: 4, keyLength: 128, valueLength: 128, vocabSize: 152064, contextLength: 32768 }),
  },
  {
    name: 'qwen3-8b',
    source: 'Qwen/Qwen3-8B config.json',
    geometry: withDefaults({ architecture: 'qwen3', layers: 36, embeddingLength: 4096, feedForwardLength: 12288, heads: 32, kvHeads: 8, keyLength: 128, valueLength: 128, vocabSize: 151936, contextLength: 40960 }),
  },
  {
    name: 'mistral-7b',
    source: 'mistralai/Mistral-7B-Instruct-v0.3 config.json',
    geometry: withDefaults({ architecture: 'llama', layers: 32, embeddingLength: 4096, feedForwardLength: 14336, heads: 32, kvHeads: 8, keyLength: 128, valueLength: 128, vocabSize: 32768, contextLength: 32768 }),
  },
  {
    name: 'gemma-2-9b',
    source: 'google/gemma-2-9b-it config.json (sliding_window 4096 on every other layer)',
    geometry: withDefaults({
      architecture: 'gemma2', layers: 42, embeddingLength: 3584, feedForwardLength: 14336, heads: 16, kvHeads: 8, keyLength: 256, valueLength: 256, vocabSize: 256000, contextLength: 8192,
      slidingWindow: 4096, slidingWindowLayers: slidingWindowLayersFromPattern(42, 2),
    }),
  },
  {
    name: 'gemma-3-4b',
    source: 'google/gemma-3-4b-it config.json (sliding_window 1024, 5 local layers per global one)',
    geometry: withDefaults({
      architecture: 'gemma3', layers: 34, embeddingLength: 2560, feedForwardLength: 10240, heads: 8, kvHeads: 4, keyLength: 256, valueLength: 256, vocabSize: 262208, contextLength: 131072,
      slidingWindow: 1024, slidingWindowLayers: slidingWindowLayersFromPattern(34, 6),
    }),
  },
  {
    name: 'phi-3-mini',
    source: 'microsoft/Phi-3-mini-4k-instruct config.json',
    geometry: withDefaults({ architecture: 'phi3', layers: 32, embeddingLength: 3072, feedForwardLength: 8192, heads: 32, kvHeads: 32, keyLength: 96, valueLength: 96, vocabSize: 32064, contextLength: 4096 }),
  },
  {
    name: 'deepseek-v2-lite',
    source: 'deepseek-ai/DeepSeek-V2-Lite config.json (MLA: kv_lora_rank 512, rope 64; 64 experts, 6 used, 2 shared)',
    geometry: withDefaults({
      // As llama.cpp converts MLA models since 2025: one KV "head" holding the latent (512) plus the RoPE part (64).
      architecture: 'deepseek2', layers: 27, embeddingLength: 2048, feedForwardLength: 10944, heads: 16, kvHeads: 1, keyLength: 576, valueLength: 512, vocabSize: 102400, contextLength: 163840,
      mla: { kvLoraRank: 512, qLoraRank: 0, ropeDim: 64, keyLengthMla: 192, valueLengthMla: 128, layout: 'latent' },
      experts: { count: 64, used: 6, shared: 2, feedForwardLength: 1408, leadingDenseBlocks: 1 },
    }),
  },
  {
    name: 'qwen3-30b-a3b',
    source: 'Qwen/Qwen3-30B-A3B config.json (MoE: 128 experts, 8 used, expert FFN 768, no shared expert)',
    geometry: withDefaults({
      architecture: 'qwen3moe', layers: 48, embeddingLength: 2048, feedForwardLength: 6144, heads: 32, kvHeads: 4, keyLength: 128, valueLength: 128, vocabSize: 151936, contextLength: 40960,
      experts: { count: 128, used: 8, shared: 0, feedForwardLength: 768, leadingDenseBlocks: 0 },
    }),
  },
];

export const presetNames = modelPresets.map((p) => p.name);

export function findPreset(name: string): ModelPreset | undefined {
  return modelPresets.find((p) => p.name === name.toLowerCase());
}

/**
 * Keeps the per-layer attention shape and cuts the depth to `layers`: KV per layer stays real,
 * totals scale. Periodic per-layer patterns (sliding window) keep their phase.
 */
export function scaleDepth(geometry: ModelGeometry, layers: number): ModelGeometry {
  const cut = <T>(v: T[]): T[] => Array.from({ length: layers }, (_, i) => v[i % v.length]!);
  const perLayer = (v: number | number[]) => (typeof v === 'number' ? v : cut(v));
  return {
    ...geometry,
    layers,
    heads: perLayer(geometry.heads),
    kvHeads: perLayer(geometry.kvHeads),
    slidingWindowLayers: geometry.slidingWindowLayers && cut(geometry.slidingWindowLayers),
    experts: geometry.experts && { ...geometry.experts, leadingDenseBlocks: Math.min(geometry.experts.leadingDenseBlocks, layers) },
    ssm: geometry.ssm && { ...geometry.ssm, recurrentLayers: cut(geometry.ssm.recurrentLayers) },
  };
}
