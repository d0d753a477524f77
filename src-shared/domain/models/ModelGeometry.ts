import { z } from 'zod';

/**
 * Bounds far above any real model (the largest have ~130 layers, 16k embeddings, 262k vocabularies,
 * 10M-token contexts), so that a hostile file or request cannot size an array, a loop or a file by them.
 */
export const GEOMETRY_LIMITS = { layers: 4096, width: 2 ** 20, vocab: 2 ** 24, context: 2 ** 28 } as const;

const count = z.number().int().positive().max(GEOMETRY_LIMITS.width);
const size = z.number().int().nonnegative().max(GEOMETRY_LIMITS.width);
const perLayerList = <T extends z.ZodType>(item: T) => z.array(item).max(GEOMETRY_LIMITS.layers);

/** Multi-head latent attention (deepseek2-style): the cache holds one compressed latent per token. */
export const MlaGeometrySchema = z.object({
  /** `attention.kv_lora_rank`: width of the compressed KV latent. */
  kvLoraRank: count,
  /** `attention.q_lora_rank`; 0 when queries are projected directly (V2-Lite). */
  qLoraRank: size,
  /** `rope.dimension_count`: the decoupled RoPE part of each key. */
  ropeDim: count,
  /** `attention.key_length_mla`: full key head size after decompression (nope + rope). */
  keyLengthMla: count,
  /** `attention.value_length_mla`: value head size after decompression. */
  valueLengthMla: count,
  /**
   * `latent`: the file is converted for llama.cpp's MLA cache (has `key_length_mla`; one KV head of
   * kv_lora_rank + rope). `expanded`: an older conversion that llama.cpp runs as plain attention with
   * every head's K and V cached.
   */
  layout: z.enum(['latent', 'expanded']),
});
export type MlaGeometry = z.infer<typeof MlaGeometrySchema>;

/** Mixture of experts. */
export const ExpertGeometrySchema = z.object({
  count: count,
  used: count,
  shared: size,
  /** `expert_feed_forward_length`. */
  feedForwardLength: count,
  /** `leading_dense_block_count`: the first N layers use a dense FFN. */
  leadingDenseBlocks: z.number().int().nonnegative().max(GEOMETRY_LIMITS.layers),
});
export type ExpertGeometry = z.infer<typeof ExpertGeometrySchema>;

/** Recurrent / state-space layers (mamba-style), whose state does not grow with context. */
export const SsmGeometrySchema = z.object({
  convKernel: size,
  innerSize: size,
  stateSize: size,
  groupCount: size,
  /** Per layer: true where the layer is recurrent (hybrids mix attention and recurrent layers). */
  recurrentLayers: perLayerList(z.boolean()),
});
export type SsmGeometry = z.infer<typeof SsmGeometrySchema>;

/**
 * The shape of a transformer that decides its memory: what GGUF metadata says, normalised with
 * llama.cpp's defaults. Shared by the synthetic writer, the metadata reader and the memory model.
 */
export const ModelGeometrySchema = z.object({
  /** `general.architecture`, e.g. `llama`, `qwen2`, `gemma2`, `deepseek2`. */
  architecture: z.string().regex(/^[\w.-]{1,64}$/, 'an architecture name is letters, digits, "_", "." and "-"'),
  /** `block_count`. */
  layers: z.number().int().positive().max(GEOMETRY_LIMITS.layers),
  embeddingLength: count,
  feedForwardLength: size,
  /** `attention.head_count` (query heads); per layer when the file stores an array. */
  heads: z.union([count, perLayerList(size)]),
  /** `attention.head_count_kv`; per layer when the file stores an array (0 = no attention in that layer). */
  kvHeads: z.union([count, perLayerList(size)]),
  /** `attention.key_length`: K head size. Defaults to embedding length / heads. */
  keyLength: count,
  /** `attention.value_length`: V head size. Defaults to embedding length / heads. */
  valueLength: count,
  /** Tokens in the vocabulary; 0 when the metadata does not say. */
  vocabSize: z.number().int().nonnegative().max(GEOMETRY_LIMITS.vocab),
  /** `context_length`: the trained context; 0 when the metadata does not say. */
  contextLength: z.number().int().nonnegative().max(GEOMETRY_LIMITS.context),
  /** `attention.sliding_window` in tokens, or null without sliding-window attention. */
  slidingWindow: z.number().int().positive().max(GEOMETRY_LIMITS.context).nullable(),
  /** Per layer: true where the layer uses the sliding window. Null when no layer does. */
  slidingWindowLayers: perLayerList(z.boolean()).nullable(),
  /** `attention.key_length_swa`: K head size on sliding-window layers when it differs (gemma4). */
  keyLengthSwa: count.nullable(),
  /** `attention.value_length_swa`. */
  valueLengthSwa: count.nullable(),
  mla: MlaGeometrySchema.nullable(),
  experts: ExpertGeometrySchema.nullable(),
  ssm: SsmGeometrySchema.nullable(),
});
export type ModelGeometry = z.infer<typeof ModelGeometrySchema>;

/** The value of a scalar-or-per-layer field at one layer. */
export function perLayer(value: number | number[], layer: number): number {
  return typeof value === 'number' ? value : (value[layer] ?? 0);
}

/**
 * llama.cpp's SWA layer pattern: with pattern N, N-1 layers out of N use the window and every
 * Nth is full (`dense_first` puts the full layer first). Pattern 0 or 1 means the same as all-SWA / none.
 */
export function slidingWindowLayersFromPattern(layers: number, pattern: number, denseFirst = false): boolean[] {
  return Array.from({ length: layers }, (_, il) =>
    pattern === 0 ? true : denseFirst ? il % pattern !== 0 : il % pattern < pattern - 1);
}
