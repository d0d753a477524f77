import { z } from 'zod';
import { CalibratedEstimateSchema, CalibrationBackendSchema } from '../domain/calibration/CalibrationSchema.js';
import { defineChannel } from './defineChannel.js';
import { KvCacheTypeSchema, LIMITS } from './settings.js';
import { ggmlTypeByName } from '../domain/memory/ggmlTypes.js';
import { MemoryEstimateSchema } from '../domain/memory/MemoryEstimate.js';
import { GgufSummarySchema } from '../domain/models/GgufSummary.js';
import { ModelGeometrySchema } from '../domain/models/ModelGeometry.js';

// Models (issue 4): discovery, GGUF metadata, synthetic models, memory estimates.

export const ModelSourceSchema = z.enum(['ollama', 'lmstudio', 'huggingface', 'llama.cpp', 'node-llama-cpp', 'folder', 'synthetic']);
export type ModelSource = z.infer<typeof ModelSourceSchema>;

const ErrorSchema = z.object({ code: z.string(), message: z.string(), hint: z.string() });

/** A GGUF found on disk, named the way its tool names it (`qwen3:8b` for Ollama). */
export const DiscoveredModelSchema = z.object({
  name: z.string(),
  path: z.string(),
  source: ModelSourceSchema,
  sizeBytes: z.number().nonnegative(),
  architecture: z.string().nullable(),
  /** Trained context, from the metadata. */
  contextLength: z.number().int().nonnegative().nullable(),
  fileType: z.string().nullable(),
  /** A vision projector or other non-LLM GGUF, listed but not probeable. */
  auxiliary: z.boolean(),
  synthetic: z.boolean(),
  /** Why the header could not be read, when it could not. */
  error: ErrorSchema.nullable(),
});
export type DiscoveredModel = z.infer<typeof DiscoveredModelSchema>;

export const ScannedPlaceSchema = z.object({
  source: ModelSourceSchema,
  path: z.string(),
  /** `missing`: not on this machine; `unreadable`: permission denied or similar. */
  status: z.enum(['scanned', 'missing', 'unreadable']),
  models: z.number().int().nonnegative(),
  detail: z.string().nullable(),
});
export type ScannedPlace = z.infer<typeof ScannedPlaceSchema>;

export const ModelListSchema = z.object({
  models: z.array(DiscoveredModelSchema),
  places: z.array(ScannedPlaceSchema),
  /** Folders the user added (persisted in the data folder). */
  folders: z.array(z.string()),
  /** The scan was cancelled; the list holds what was found until then. */
  cancelled: z.boolean(),
  durationMs: z.number().nonnegative(),
});
export type ModelList = z.infer<typeof ModelListSchema>;

export const WeightTypeSchema = z.enum(['f32', 'f16', 'q8_0', 'q4_0']);

/** Where an estimate's geometry comes from: exactly one of a file, flat GGUF metadata, a preset or a geometry. */
const pathText = z.string().min(1).max(4096);

export const ModelRefSchema = z.union([
  z.object({ path: pathText }).strict(),
  z.object({ metadata: z.record(z.string().max(256), z.unknown()) }).strict(),
  z.object({ preset: z.string().min(1).max(100), layers: z.number().int().positive().max(512).optional() }).strict(),
  z.object({ geometry: ModelGeometrySchema }).strict(),
]);
export type ModelRef = z.infer<typeof ModelRefSchema>;

export const EstimateRequestSchema = z.object({
  model: ModelRefSchema,
  contextSize: z.number().int().positive().max(16_777_216),
  typeK: KvCacheTypeSchema.default('f16'),
  typeV: KvCacheTypeSchema.default('f16'),
  flashAttention: z.union([z.boolean(), z.literal('auto')]).default('auto'),
  gpuLayers: z.union([z.number().int().nonnegative().max(LIMITS.layers), z.literal('all')]).optional(),
  /** GPUs to place offloaded layers on; their free VRAM sets the split. */
  gpus: z.array(z.object({ name: z.string().max(200), freeBytes: z.number().nonnegative().max(LIMITS.bytes).optional() })).max(64).default([]),
  ubatchSize: z.number().int().positive().max(LIMITS.tokens).default(512),
  batchSize: z.number().int().positive().max(LIMITS.tokens).default(2048),
  sequences: z.number().int().positive().max(256).default(1),
  /** `--swa-full`: sliding-window layers keep the whole context. */
  swaFull: z.boolean().default(false),
  /** `--kv-unified`: one KV stream shared by all sequences. */
  kvUnified: z.boolean().default(false),
  /** The backend whose measured corrections apply. Defaults to the CPU without GPU layers, else the GPU backend measured most on this machine. */
  backend: CalibrationBackendSchema.optional(),
  /** Weight type for a preset or metadata, to estimate the weights without a file. */
  weightType: z.string().max(16).refine((name) => ggmlTypeByName(name) !== undefined, 'not a GGML type name (e.g. q4_0, q8_0, f16, q4_K)').optional(),
});
export type EstimateRequest = z.input<typeof EstimateRequestSchema>;

export const EstimateResultSchema = MemoryEstimateSchema.extend({
  geometry: ModelGeometrySchema,
  /** Where the geometry came from, in words. */
  source: z.string(),
  /** The same estimate with this machine's measured corrections (or saying it has none). */
  calibration: CalibratedEstimateSchema,
});
export type EstimateResult = z.infer<typeof EstimateResultSchema>;

export const PresetSchema = z.object({ name: z.string(), source: z.string(), geometry: ModelGeometrySchema });

export const SynthRequestSchema = z.object({
  /** A preset name, a GGUF or flat-metadata JSON file to copy the geometry from, or a geometry. */
  preset: z.string().max(100).optional(),
  like: pathText.optional(),
  geometry: ModelGeometrySchema.optional(),
  /** Cut the depth to this many layers (KV per layer stays real; totals scale). */
  layers: z.number().int().positive().max(512).optional(),
  contextLength: z.number().int().positive().max(LIMITS.tokens).optional(),
  weightType: WeightTypeSchema.default('q4_0'),
  seed: z.number().int().nonnegative().max(2 ** 32 - 1).default(1),
  /** Where to write; defaults to `<data>/models/synthetic/<name>.gguf`. Over the web bridge it must be inside the data folder. */
  outPath: pathText.optional(),
  /** Replace an existing file at `outPath`. Over the web bridge an existing file is refused unless this is true. Defaults to false. */
  overwrite: z.boolean().default(false),
});
export type SynthRequest = z.input<typeof SynthRequestSchema>;

export const SynthResultSchema = z.object({
  path: z.string(),
  sizeBytes: z.number().nonnegative(),
  tensorDataBytes: z.number().nonnegative(),
  parameterCount: z.number().nonnegative(),
  tensorCount: z.number().int().nonnegative(),
  weightType: WeightTypeSchema,
  seed: z.number().int(),
  geometry: ModelGeometrySchema,
  preset: z.string().nullable(),
  /** The depth of the model the geometry came from, when `layers` cut it. */
  originalLayers: z.number().int().nullable(),
  /** What the depth cut means for the numbers. */
  notes: z.array(z.string()),
  durationMs: z.number().nonnegative(),
});
export type SynthResult = z.infer<typeof SynthResultSchema>;

export const modelChannels = {
  'models:list': defineChannel({
    summary: 'Find GGUF models in Ollama, LM Studio, the Hugging Face and llama.cpp caches, node-llama-cpp and added folders.',
    input: z.object({}).strict(),
    output: ModelListSchema,
  }),
  'models:cancelScan': defineChannel({
    summary: 'Stop a running model scan; it returns what it found so far.',
    input: z.object({}).strict(),
    output: z.object({ cancelled: z.boolean() }),
  }),
  'models:addFolder': defineChannel({
    summary: 'Remember a folder to search for GGUF files.',
    input: z.object({ path: pathText }).strict(),
    output: z.object({ folders: z.array(z.string()) }),
  }),
  'models:removeFolder': defineChannel({
    summary: 'Forget an added folder.',
    input: z.object({ path: pathText }).strict(),
    output: z.object({ folders: z.array(z.string()) }),
  }),
  'models:inspect': defineChannel({
    summary: 'Read a GGUF file\'s geometry, tensors and metadata without loading its weights.',
    input: z.object({ path: pathText }).strict(),
    output: GgufSummarySchema,
  }),
  'models:estimate': defineChannel({
    summary: 'Estimate weights, KV cache, compute and output memory per device for a model at a context.',
    input: EstimateRequestSchema,
    output: EstimateResultSchema,
  }),
  'models:presets': defineChannel({
    summary: 'The named geometries synthetic models can be written from.',
    input: z.object({}).strict(),
    output: z.object({ presets: z.array(PresetSchema) }),
  }),
  'models:synth': defineChannel({
    summary: 'Write a synthetic GGUF (random weights, a real model\'s attention shape).',
    input: SynthRequestSchema,
    output: SynthResultSchema,
  }),
};

export const ScanProgressSchema = z.object({
  place: z.string(),
  foldersScanned: z.number().int().nonnegative(),
  modelsFound: z.number().int().nonnegative(),
  currentPath: z.string(),
});

export const SynthProgressSchema = z.object({ path: z.string(), writtenBytes: z.number().nonnegative(), totalBytes: z.number().nonnegative() });

export const modelEvents = {
  'models:onScanProgress': ScanProgressSchema,
  'models:onSynthProgress': SynthProgressSchema,
};
