import { z } from 'zod';

// The runtime-neutral settings vocabulary shared by the probe (what a step ran with), the knowledge
// base (what a fix changes) and the recipes (what the user should set).

/** KV cache element types llama.cpp accepts for `-ctk`/`-ctv` (and node-llama-cpp's experimental options). */
export const KvCacheTypeSchema = z.enum(['f32', 'f16', 'bf16', 'q8_0', 'q4_0', 'q4_1', 'q5_0', 'q5_1', 'iq4_nl']);
export type KvCacheType = z.infer<typeof KvCacheTypeSchema>;

/** `auto` lets the runtime decide; `all` offloads every layer; a number offloads that many. */
export const GpuLayersSchema = z.union([z.literal('auto'), z.literal('all'), z.number().int().nonnegative()]);
export type GpuLayers = z.infer<typeof GpuLayersSchema>;

/** A concrete change a fix proposes, a recipe applies and a probe can verify. Every field is optional. */
export const SettingsChangeSchema = z
  .object({
    contextSize: z.number().int().positive(),
    flashAttention: z.boolean(),
    typeK: KvCacheTypeSchema,
    typeV: KvCacheTypeSchema,
    gpuLayers: GpuLayersSchema,
    batchSize: z.number().int().positive(),
    ubatchSize: z.number().int().positive(),
    threads: z.number().int().positive(),
    parallel: z.number().int().positive(),
    /** Environment variables to set, e.g. `{OLLAMA_FLASH_ATTENTION: "1"}`. */
    env: z.record(z.string(), z.string()),
    /** An action outside the runtime's settings (update the driver, install a library, use another build). */
    action: z.string(),
  })
  .partial();
export type SettingsChange = z.infer<typeof SettingsChangeSchema>;

export const RuntimeSchema = z.enum(['llama.cpp', 'ollama', 'lmstudio', 'vllm', 'node-llama-cpp']);
export type Runtime = z.infer<typeof RuntimeSchema>;
