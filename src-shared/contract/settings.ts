import { z } from 'zod';

/** Bounds far above any real setting, so that no request can size an allocation or a loop by a number. */
export const LIMITS = { layers: 4096, tokens: 2 ** 24, threads: 1024, parallel: 256, bytes: 2 ** 50, text: 2000 } as const;

// The runtime-neutral settings vocabulary shared by the probe (what a step ran with), the knowledge
// base (what a fix changes) and the recipes (what the user should set).

/** KV cache element types llama.cpp accepts for `-ctk`/`-ctv` (and node-llama-cpp's experimental options). */
export const KvCacheTypeSchema = z.enum(['f32', 'f16', 'bf16', 'q8_0', 'q4_0', 'q4_1', 'q5_0', 'q5_1', 'iq4_nl']);
export type KvCacheType = z.infer<typeof KvCacheTypeSchema>;

/** `auto` lets the runtime decide; `all` offloads every layer; a number offloads that many. */
export const GpuLayersSchema = z.union([z.literal('auto'), z.literal('all'), z.number().int().nonnegative().max(LIMITS.layers)]);
export type GpuLayers = z.infer<typeof GpuLayersSchema>;

/** A concrete change a fix proposes, a recipe applies and a probe can verify. Every field is optional. */
export const SettingsChangeSchema = z
  .object({
    contextSize: z.number().int().positive().max(LIMITS.tokens),
    flashAttention: z.boolean(),
    typeK: KvCacheTypeSchema,
    typeV: KvCacheTypeSchema,
    gpuLayers: GpuLayersSchema,
    batchSize: z.number().int().positive().max(LIMITS.tokens),
    ubatchSize: z.number().int().positive().max(LIMITS.tokens),
    threads: z.number().int().positive().max(LIMITS.threads),
    parallel: z.number().int().positive().max(LIMITS.parallel),
    /** Environment variables to set, e.g. `{OLLAMA_FLASH_ATTENTION: "1"}`. */
    env: z.record(z.string().max(200), z.string().max(LIMITS.text)),
    /** An action outside the runtime's settings (update the driver, install a library, use another build). */
    action: z.string().max(LIMITS.text),
  })
  .partial();
export type SettingsChange = z.infer<typeof SettingsChangeSchema>;

export const RuntimeSchema = z.enum(['llama.cpp', 'ollama', 'lmstudio', 'vllm', 'node-llama-cpp']);
export type Runtime = z.infer<typeof RuntimeSchema>;
