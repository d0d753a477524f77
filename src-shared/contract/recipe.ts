import { z } from 'zod';
import { defineChannel } from './defineChannel.js';
import { ProbeIdSchema } from './probe.js';
import { GpuLayersSchema, KvCacheTypeSchema, LIMITS, RuntimeSchema, SettingsChangeSchema } from './settings.js';

const tokens = z.number().int().positive().max(LIMITS.tokens);
const text = z.string().max(LIMITS.text);
/** No control characters: a path or name goes into Modelfiles and shell lines, where a newline starts a new directive. */
const oneLine = (max: number) => z.string().max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'control characters (such as a newline) are not allowed');

// Settings recipes and reports (issue 7). A recipe is one runtime-neutral settings record in which
// every number says where it came from; renderers turn it into each runtime's own syntax.

/** The settings a recipe can carry, by name. */
export const SettingKeySchema = z.enum([
  'contextSize',
  'flashAttention',
  'typeK',
  'typeV',
  'gpuLayers',
  'batchSize',
  'ubatchSize',
  'threads',
  'parallel',
  'memoryMarginBytes',
]);
export type SettingKey = z.infer<typeof SettingKeySchema>;

/**
 * The runtime-neutral settings record. Only `contextSize` is required: a field left out is left to
 * the runtime's default and the recipe claims nothing about it.
 */
export const RecipeSettingsSchema = z
  .object({
    /** Tokens of context per sequence (per server slot). A server with `parallel` slots needs `contextSize × parallel` cells. */
    contextSize: tokens,
    /** `auto` lets the runtime decide. */
    flashAttention: z.union([z.boolean(), z.literal('auto')]),
    typeK: KvCacheTypeSchema,
    typeV: KvCacheTypeSchema,
    gpuLayers: GpuLayersSchema,
    /** Logical batch (llama.cpp `-b`). */
    batchSize: tokens,
    /** Physical batch (llama.cpp `-ub`); node-llama-cpp sets it equal to the batch. */
    ubatchSize: tokens,
    threads: z.number().int().positive().max(LIMITS.threads),
    /** Sequences served at once (llama-server slots, Ollama's OLLAMA_NUM_PARALLEL). Defaults to 1. */
    parallel: z.number().int().positive().max(LIMITS.parallel),
    /** Memory to keep free on the device beside what the verified run used. */
    memoryMarginBytes: z.number().int().nonnegative().max(LIMITS.bytes),
  })
  .partial()
  .required({ contextSize: true })
  .strict();
export type RecipeSettings = z.infer<typeof RecipeSettingsSchema>;

/** A number's range under the memory model's stated error, in the number's own unit. */
export const ErrorBandSchema = z.object({ low: z.number().min(-LIMITS.bytes).max(LIMITS.bytes), high: z.number().min(-LIMITS.bytes).max(LIMITS.bytes) });
export type ErrorBand = z.infer<typeof ErrorBandSchema>;

/** Where one setting came from. */
export const SourceSchema = z.discriminatedUnion('kind', [
  /** A probe step that passed with this value (or, for the context size, with at least this much). */
  z.object({ kind: z.literal('verified'), stepId: z.string().min(1).max(200), note: text }),
  /** The memory model alone: nothing was run. */
  z.object({ kind: z.literal('estimated'), note: text, errorBand: ErrorBandSchema.nullable() }),
  /** Given by the user (or a troubleshooter fix the user picked) and not measured. */
  z.object({ kind: z.literal('user'), note: text }),
]);
export type Source = z.infer<typeof SourceSchema>;

export const RecipeModelSchema = z.object({
  /** The GGUF file as the user's runtime should open it. */
  path: oneLine(4096).min(1),
  /** A short display name (the file name without `.gguf` unless known better). */
  name: oneLine(200).min(1),
  architecture: oneLine(64).nullable(),
  /** Repeating blocks (`<arch>.block_count`): what a layer count or offload ratio is a share of. */
  layerCount: z.number().int().positive().max(LIMITS.layers).nullable(),
  trainedContext: z.number().int().positive().max(2 ** 28).nullable(),
  sizeBytes: z.number().int().nonnegative().max(LIMITS.bytes).nullable(),
  /** Distinct K and V head sizes of the attention layers: a quantized cache type's block must divide them. */
  headSizes: z.object({ k: z.array(z.number().int().positive().max(2 ** 20)).max(LIMITS.layers), v: z.array(z.number().int().positive().max(2 ** 20)).max(LIMITS.layers) }).nullable(),
});
export type RecipeModel = z.infer<typeof RecipeModelSchema>;

export const RecipeMachineSchema = z.object({
  /** What the verified run used: `cpu` when no layer ran on a GPU. */
  backend: z.enum(['cpu', 'cuda', 'vulkan', 'metal', 'rocm']),
  deviceName: z.string().nullable(),
  vramTotalBytes: z.number().int().nonnegative().nullable(),
  ramTotalBytes: z.number().int().nonnegative().nullable(),
});
export type RecipeMachine = z.infer<typeof RecipeMachineSchema>;

export const RecipeNoteSchema = z.object({ code: z.string(), message: z.string(), hint: z.string() });
export type RecipeNote = z.infer<typeof RecipeNoteSchema>;

/** A change that would let a larger context fit. Not verified: probe it before relying on it. */
export const SuggestionSchema = z.object({
  title: z.string(),
  why: z.string(),
  change: SettingsChangeSchema,
  /** `knowledge-base:<entry id>` or `memory-model`. */
  source: z.string(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const RecipeSchema = z.object({
  /** What the numbers rest on: a probe file, the memory model only, or an explicit settings record. */
  basis: z.enum(['probe', 'estimate', 'settings']),
  probeId: z.string().nullable(),
  model: RecipeModelSchema,
  machine: RecipeMachineSchema.nullable(),
  settings: RecipeSettingsSchema,
  /** One source per setting present in `settings`. */
  sources: z.partialRecord(SettingKeySchema, SourceSchema),
  /** The context the user asked for, when it differs from what the recipe could claim. */
  requestedContextSize: z.number().int().positive().nullable(),
  /** The largest context a passing step verified with these settings (null without a probe). */
  verifiedMaxContextSize: z.number().int().positive().nullable(),
  warnings: z.array(RecipeNoteSchema),
  suggestions: z.array(SuggestionSchema),
});
export type Recipe = z.infer<typeof RecipeSchema>;

export const RecipeFileSchema = z.object({ name: z.string(), content: z.string(), language: z.string() });
export type RecipeFile = z.infer<typeof RecipeFileSchema>;

/** A number as it appears in a rendered file or command, and the settings it comes from (none: a fixed value such as a port). */
export const RenderedValueSchema = z.object({ text: z.string(), keys: z.array(SettingKeySchema), note: z.string() });
export type RenderedValue = z.infer<typeof RenderedValueSchema>;

export const RenderedRecipeSchema = z.object({
  runtime: RuntimeSchema,
  files: z.array(RecipeFileSchema),
  /** Complete command lines, in the order to run them. */
  commands: z.array(z.string()),
  warnings: z.array(z.string()),
  notes: z.array(z.string()),
  values: z.array(RenderedValueSchema),
});
export type RenderedRecipe = z.infer<typeof RenderedRecipeSchema>;

// A probe is named by its id (in `<dataDir>/probes/`) or by the path of its JSONL file.
const probeIdSchema = ProbeIdSchema;

export const RecipeRequestSchema = z.discriminatedUnion('from', [
  z.object({
    from: z.literal('probe'),
    probeId: probeIdSchema.optional(),
    probePath: z.string().min(1).max(4096).optional(),
    /** The context the user wants; the recipe never claims more than was verified. */
    contextSize: tokens.optional(),
  }),
  z.object({
    from: z.literal('estimate'),
    modelPath: z.string().min(1).max(4096),
    contextSize: tokens,
  }),
  z.object({
    from: z.literal('settings'),
    model: RecipeModelSchema.partial().required({ path: true }),
    settings: RecipeSettingsSchema,
    sources: z.partialRecord(SettingKeySchema, SourceSchema),
    probeId: probeIdSchema.optional(),
  }),
]);
export type RecipeRequest = z.infer<typeof RecipeRequestSchema>;

export const RecipeBuildSchema = z.object({ recipe: RecipeSchema, rendered: z.array(RenderedRecipeSchema) });
export type RecipeBuild = z.infer<typeof RecipeBuildSchema>;

export const ReportFormatSchema = z.enum(['md', 'html', 'json']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

export const ReportFileSchema = z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() });
export type ReportFile = z.infer<typeof ReportFileSchema>;

export const recipeChannels = {
  'recipe:build': defineChannel({
    summary: 'Build a settings recipe (from a probe, an estimate or a settings record) and render it for every runtime.',
    input: RecipeRequestSchema.and(z.object({ runtimes: z.array(RuntimeSchema).max(16).optional() })),
    output: RecipeBuildSchema,
  }),
  'report:build': defineChannel({
    summary: 'Write the shareable report of a probe as Markdown, self-contained HTML or JSON.',
    input: z.object({
      probeId: probeIdSchema.optional(),
      probePath: z.string().min(1).max(4096).optional(),
      format: ReportFormatSchema,
      /** Keep home-folder paths and secret-looking strings. Defaults to false (redacted). */
      keepPaths: z.boolean().default(false),
    }),
    output: ReportFileSchema,
  }),
};
