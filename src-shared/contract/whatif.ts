import { z } from 'zod';
import { defineChannel } from './defineChannel.js';
import { ModelRefSchema } from './models.js';
import { CatalogueDeviceSchema } from '../domain/whatif/HardwareCatalogue.js';

// Will it run? (issue 15): a model (a file, a remote header, a preset) on devices from the hardware
// catalogue. Every figure says whether it was estimated or measured on this machine under a budget.

const bytes = z.number().nonnegative();
const ctx = z.number().int().positive().nullable();

/** A catalogue device with what a runtime may use of it. */
export const WhatIfDeviceSchema = CatalogueDeviceSchema.extend({
  usableBytes: bytes,
  usableBasis: z.string(),
});
export type WhatIfDevice = z.infer<typeof WhatIfDeviceSchema>;

/** Largest context per flash attention setting; null: not even the smallest context fits (or not allowed). */
export const OnOffSchema = z.object({ on: ctx, off: ctx });

export const SpeedEstimateSchema = z.object({
  /** Tokens per second while generating, or null when the model does not run. */
  value: z.number().nonnegative().nullable(),
  low: z.number().nonnegative().nullable(),
  high: z.number().nonnegative().nullable(),
  /** How it was computed, in words: bytes read per token over memory bandwidth, with the efficiency assumed. */
  basis: z.string(),
  /** Bytes read for each generated token (weights used per token + the KV cache at that depth). */
  bytesPerToken: bytes,
  /** The context depth it was computed at. */
  contextSize: z.number().int().nonnegative(),
});
export type SpeedEstimate = z.infer<typeof SpeedEstimateSchema>;

export const SpillSchema = z.object({
  /** Layers (of `layers + 1`, output head counted) that fit on the device at `contextSize`. */
  gpuLayers: z.number().int().nonnegative(),
  totalLayers: z.number().int().positive(),
  /** What stays in system RAM. */
  ramBytes: bytes,
  deviceBytes: bytes,
  contextSize: z.number().int().positive(),
});

export const VerificationSchema = z.object({
  /** The memory budget the probe ran under on this machine (the device's usable memory, adjusted as `budgetBasis` says). */
  budgetBytes: bytes,
  budgetBasis: z.string(),
  mechanism: z.string(),
  /** The largest context that ran under the budget (flash attention on, f16 KV). */
  maxContext: ctx,
  /** The passing step at that context. */
  stepId: z.string().nullable(),
  probeId: z.string(),
  /** The estimate it is compared with, and whether the measured boundary lies inside the estimate's band. */
  estimatedMaxContext: ctx,
  band: z.object({ low: ctx, high: ctx }),
  agrees: z.boolean(),
  /** The model probed: the file itself, or a synthetic twin of the same shape. */
  modelProbed: z.string(),
  notes: z.array(z.string()),
});
export type Verification = z.infer<typeof VerificationSchema>;

export const DeviceAnswerSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['gpu', 'unified', 'ram']),
  memoryBytes: bytes,
  usableBytes: bytes,
  usableBasis: z.string(),
  bandwidthGBps: z.number().positive(),
  source: z.object({ url: z.string().nullable(), note: z.string() }),
  /** Runs entirely on the device at `fitsAt` tokens (flash attention on, f16 KV). */
  fits: z.boolean(),
  fitsAt: z.number().int().positive(),
  /** f16 KV, the figure most runtimes start from. */
  maxContext: z.object({
    flashAttention: OnOffSchema,
    /** By KV cache type; q8_0 V needs flash attention in llama.cpp, so its `off` is null. */
    kvCache: z.object({ f16: OnOffSchema, q8_0: OnOffSchema }),
    /** The f16 flash-attention-on maximum at the two ends of the memory model's error band. */
    band: z.object({ low: ctx, high: ctx }),
  }),
  /** Null when it fits; else how many layers fit on the device and what goes to RAM (llama.cpp `-ngl`). */
  spill: SpillSchema.nullable(),
  /** MoE only: experts kept in RAM (`--n-cpu-moe` / `-ot exps=CPU`), the rest on the device. */
  expertOffload: z.object({ deviceBytes: bytes, ramBytes: bytes, maxContext: ctx }).nullable(),
  generationTokensPerSecond: SpeedEstimateSchema,
  /** Memory at `fitsAt` on the device. */
  estimate: z.object({ weightsBytes: bytes.nullable(), kvBytes: bytes, computeBytes: bytes, totalBytes: bytes }),
  verified: VerificationSchema.nullable(),
  /** Which figures were measured on this machine under a budget, and which are estimates. */
  measured: z.array(z.string()),
  estimated: z.array(z.string()),
});
export type DeviceAnswer = z.infer<typeof DeviceAnswerSchema>;

export const SplitAnswerSchema = z.object({
  /** `--tensor-split` shares, in device order (by usable memory, as llama.cpp splits by free memory). */
  tensorSplit: z.array(z.number()),
  devices: z.array(z.object({ name: z.string(), layers: z.number().int().nonnegative(), bytes, usableBytes: bytes })),
  contextSize: z.number().int().positive(),
  fits: z.boolean(),
  maxContext: OnOffSchema,
  /** The device that runs out first. */
  limitingDevice: z.string(),
  generationTokensPerSecond: SpeedEstimateSchema,
  /** Always an estimate: no such devices exist here to measure on. */
  label: z.string(),
});
export type SplitAnswer = z.infer<typeof SplitAnswerSchema>;

export const WhatIfModelSchema = z.object({
  ref: z.string(),
  name: z.string().nullable(),
  architecture: z.string(),
  layers: z.number().int().positive(),
  trainedContext: z.number().int().nonnegative(),
  parameterCount: z.number().nonnegative().nullable(),
  weightsBytes: bytes.nullable(),
  fileType: z.string().nullable(),
  moe: z.boolean(),
  source: z.string(),
});

export const WhatIfRequestSchema = z.object({
  model: ModelRefSchema,
  /** Weight type for a preset or metadata (e.g. `q4_K`); a file's own tensors are used when there is one. */
  weightType: z.string().optional(),
  /** Catalogue names (`RTX 4060 8GB`), ids, or `custom:NAME:SIZE[:GBPS]`. */
  devices: z.array(z.string().min(1)).max(16).default([]),
  /** Target context; defaults to the trained context, at most 32768. */
  contextSize: z.number().int().positive().max(16_777_216).optional(),
  /** Also list every catalogue GPU and Mac that runs the model at `contextSize`, smallest first. */
  chooseGpu: z.boolean().default(false),
});
export type WhatIfRequest = z.input<typeof WhatIfRequestSchema>;

export const ChoiceSchema = z.object({ id: z.string(), name: z.string(), memoryBytes: bytes, maxContext: ctx, generationTokensPerSecond: z.number().nullable() });

export const WhatIfResultSchema = z.object({
  model: WhatIfModelSchema,
  contextSize: z.number().int().positive(),
  devices: z.array(DeviceAnswerSchema),
  /** Two or more devices: the layer split over all of them. */
  split: SplitAnswerSchema.nullable(),
  /** `chooseGpu`: catalogue devices that run the model at `contextSize`, smallest memory first. */
  choices: z.array(ChoiceSchema).nullable(),
  notes: z.array(z.string()),
});
export type WhatIfResult = z.infer<typeof WhatIfResultSchema>;

export const WhatIfVerifyRequestSchema = z.object({
  /** A path, a remote reference (probed as its synthetic twin) or a preset. */
  model: z.union([z.object({ path: z.string().min(1) }).strict(), z.object({ preset: z.string().min(1) }).strict()]),
  device: z.string().min(1),
  /** Fraction of the context the probe's prompt fills. Defaults to 0.02 (see the verification notes). */
  promptFill: z.number().gt(0).max(1).optional(),
  threads: z.number().int().positive().optional(),
});
export type WhatIfVerifyRequest = z.input<typeof WhatIfVerifyRequestSchema>;

export const whatifChannels = {
  'whatif:catalogue': defineChannel({
    summary: 'The hardware catalogue: GPUs, Apple silicon and RAM sizes with memory, bandwidth, usable memory and sources.',
    input: z.object({}).strict(),
    output: z.object({ devices: z.array(WhatIfDeviceSchema) }),
  }),
  'whatif:run': defineChannel({
    summary: 'Will it run? Fits, largest context (FA on/off, f16/q8_0), spill, speed estimate per device, a layer split, and the GPUs that run it.',
    input: WhatIfRequestSchema,
    output: WhatIfResultSchema,
  }),
  'whatif:verify': defineChannel({
    summary: 'Check a device\'s "fits at N" on this machine: find-max under a memory budget of the device\'s usable memory.',
    input: WhatIfVerifyRequestSchema,
    output: VerificationSchema,
  }),
};
