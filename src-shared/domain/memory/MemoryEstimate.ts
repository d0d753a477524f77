import { z } from 'zod';
import { KvCacheTypeSchema } from '../../contract/settings.js';

const bytes = z.number().nonnegative();

/** What one device holds. `cpu` is host RAM; GPUs are `gpu0`, `gpu1`, … in the order given. */
export const DeviceMemorySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['cpu', 'gpu']),
  /** Null when the weights are unknown (metadata only). */
  weightsBytes: bytes.nullable(),
  kvBytes: bytes,
  computeBytes: bytes,
  outputBytes: bytes,
  totalBytes: bytes,
  /** Layers (of `layers + 1`, the output head counted) placed on this device. */
  layers: z.number().int().nonnegative(),
});
export type DeviceMemory = z.infer<typeof DeviceMemorySchema>;

/** Relative uncertainty of each part (0.01 = ±1 %), and the range of the total it implies. */
export const ErrorBandSchema = z.object({
  kvCache: z.number().nonnegative(),
  weights: z.number().nonnegative().nullable(),
  compute: z.number().nonnegative(),
  output: z.number().nonnegative(),
  /** The total could be this low… */
  lowBytes: bytes,
  /** …or this high. */
  highBytes: bytes,
  /** Why the bands are what they are. */
  basis: z.string(),
});
export type ErrorBand = z.infer<typeof ErrorBandSchema>;

export const MemoryEstimateSchema = z.object({
  /** The settings the estimate was made for, after defaults. */
  settings: z.object({
    contextSize: z.number().int().positive(),
    typeK: KvCacheTypeSchema,
    typeV: KvCacheTypeSchema,
    flashAttention: z.boolean(),
    batchSize: z.number().int().positive(),
    ubatchSize: z.number().int().positive(),
    sequences: z.number().int().positive(),
    gpuLayers: z.union([z.number().int().nonnegative(), z.literal('all')]),
  }),
  kvCache: z.object({
    kBytes: bytes,
    vBytes: bytes,
    /** Recurrent (SSM) state, part of totalBytes. */
    stateBytes: bytes,
    totalBytes: bytes,
    /** Cells of a full-attention layer (the context after llama.cpp's padding). */
    cells: z.number().int().nonnegative(),
    /** Cells of a sliding-window layer, or null. */
    slidingWindowCells: z.number().int().nonnegative().nullable(),
    /** K + V bytes per token of context, over full-attention layers (what grows with context). */
    bytesPerToken: bytes,
  }),
  weightsBytes: bytes.nullable(),
  /** Whether weightsBytes comes from the file's tensors (exact) or from the geometry (approximate). */
  weightsSource: z.enum(['tensors', 'geometry', 'unknown']),
  computeBytes: bytes,
  outputBytes: bytes,
  /** Everything on every device; without weights when they are unknown. */
  totalBytes: bytes,
  errorBand: ErrorBandSchema,
  devices: z.array(DeviceMemorySchema),
  notes: z.array(z.string()),
});
export type MemoryEstimate = z.infer<typeof MemoryEstimateSchema>;
