import { z } from 'zod';

// Per-machine memory corrections (issue 14 item 3), kept in `<dataDir>/calibration/memory.json`.
// The file holds the measured samples, not the corrections: the terms are recomputed from them on read,
// so a better robust rule applies to old samples too. Every term is a ratio to the memory model's own
// figure or a per-process constant, so it carries over to a model of another geometry.

const bytes = z.number().nonnegative();

/** The backend a step ran on: each keeps its own corrections. */
export const CalibrationBackendSchema = z.enum(['cpu', 'vulkan', 'cuda', 'metal']);
export type CalibrationBackend = z.infer<typeof CalibrationBackendSchema>;

export const CalibrationRuntimeSchema = z.enum(['node-llama-cpp', 'llama.cpp']);
export type CalibrationRuntime = z.infer<typeof CalibrationRuntimeSchema>;

/** One measured step, reduced to what calibration needs. */
export const CalibrationSampleSchema = z.object({
  stepId: z.string(),
  at: z.string(),
  /** The model's name (to count models, and to keep a model out of its own calibration in a benchmark). */
  model: z.string(),
  backend: CalibrationBackendSchema,
  /** Which runtime ran it: node-llama-cpp's prebuilt llama.cpp and the user's own build allocate differently (e.g. repacked weights). */
  runtime: CalibrationRuntimeSchema.default('node-llama-cpp'),
  flashAttention: z.boolean(),
  contextSize: z.number().int().positive(),
  ubatchSize: z.number().int().positive(),
  /** The memory model's figures for the step's configuration, before it ran. */
  estimated: z.object({ computeBytes: bytes, kvBytes: bytes, hostBytes: bytes, deviceBytes: bytes, weightsBytes: bytes }),
  /** llama.cpp's buffer lines and the process's memory. */
  measured: z.object({
    computeBytes: bytes,
    kvBytes: bytes,
    /** Buffers in host memory (CPU, CPU_Mapped, AMX, *_Host). */
    hostBytes: bytes,
    /** Buffers on the device (Vulkan0, CUDA0, Metal…). */
    deviceBytes: bytes,
    /** The model's buffers among those (weights: mapped, repacked, offloaded). */
    hostModelBytes: bytes,
    deviceModelBytes: bytes,
    /** The worker's RSS before it loaded the model: Node, the runtime, the backend's start. */
    rssBeforeBytes: bytes.nullable(),
    peakRssBytes: bytes.nullable(),
    /** VRAM the step added (peak − before); null when the device reports none. */
    vramUsedBytes: bytes.nullable(),
  }),
});
export type CalibrationSample = z.infer<typeof CalibrationSampleSchema>;

export const CalibrationFileSchema = z.object({
  formatVersion: z.literal(1),
  samples: z.array(CalibrationSampleSchema),
});
export type CalibrationFile = z.infer<typeof CalibrationFileSchema>;

/** A robust central value over samples, with how widely they scatter and how many were dropped as outliers. */
export const CalibrationTermSchema = z.object({
  value: z.number(),
  /** Robust scatter (1.4826 × MAD): relative to the value for a ratio, in bytes for a constant. */
  spread: z.number().nonnegative(),
  count: z.number().int().nonnegative(),
  outliers: z.number().int().nonnegative(),
});
export type CalibrationTerm = z.infer<typeof CalibrationTermSchema>;

/** The corrections of one backend on this machine. */
export const CalibrationTermsSchema = z.object({
  backend: CalibrationBackendSchema,
  runtime: CalibrationRuntimeSchema,
  steps: z.number().int().nonnegative(),
  models: z.number().int().nonnegative(),
  /** Measured / estimated compute buffer, per flash attention setting. */
  computeRatio: z.object({ on: CalibrationTermSchema.nullable(), off: CalibrationTermSchema.nullable() }),
  /**
   * The model's buffers / the memory model's weights: above 1 where llama.cpp allocates a repacked copy of the
   * weights (CPU_REPACK, AMX) next to the mapped file.
   */
  weightsRatio: CalibrationTermSchema.nullable(),
  /** Measured / estimated KV cache. */
  kvRatio: CalibrationTermSchema.nullable(),
  /**
   * Resident memory of the process beyond its buffers, in bytes: the worker before loading (Node, the runtime,
   * the backend's start), plus what loading adds beyond the buffers once steps of models of different sizes
   * separate it from the weights' term.
   */
  runtimeOverheadBytes: CalibrationTermSchema.nullable(),
  /**
   * Resident bytes per byte of weights the memory model counts: above 1 where llama.cpp keeps a repacked copy
   * next to the mapped file (CPU_REPACK, AMX), below 1 where mapped pages are never touched.
   */
  rssPerWeightByte: CalibrationTermSchema.nullable(),
  /** VRAM used beyond the device buffers, in bytes; null where the device reports no VRAM use. */
  vramOverheadBytes: CalibrationTermSchema.nullable(),
  /** The device's buffers live in host memory (lavapipe, an integrated GPU): they count in the RSS. */
  deviceInHostMemory: z.boolean(),
});
export type CalibrationTerms = z.infer<typeof CalibrationTermsSchema>;

/** An estimate with this machine's corrections applied on top of the memory model's figures. */
export const CalibratedEstimateSchema = z.object({
  calibrated: z.boolean(),
  backend: CalibrationBackendSchema,
  /** Measured steps behind the corrections (0: not calibrated). */
  steps: z.number().int().nonnegative(),
  models: z.number().int().nonnegative(),
  /** "calibrated on N steps on this machine", or why not. */
  note: z.string(),
  computeBytes: bytes,
  kvBytes: bytes,
  /** All buffers, as llama.cpp would allocate them. */
  totalBytes: bytes,
  /** The process's peak resident memory; null when not calibrated (the memory model has no runtime term). */
  rssBytes: bytes.nullable(),
  /** Device memory in use, buffers and the backend's own; null without GPU layers or VRAM figures. */
  vramBytes: bytes.nullable(),
  errorBand: z.object({ compute: z.number().nonnegative(), kvCache: z.number().nonnegative(), weights: z.number().nonnegative().nullable(), lowBytes: bytes, highBytes: bytes }),
  terms: CalibrationTermsSchema.nullable(),
});
export type CalibratedEstimate = z.infer<typeof CalibratedEstimateSchema>;
