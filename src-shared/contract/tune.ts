import { z } from 'zod';
import { defineChannel } from './defineChannel.js';
import { ModelRefSchema, ProbeIdSchema, ProbeModelSchema, StepOutcomeSchema } from './probe.js';
import { RecipeBuildSchema } from './recipe.js';
import { KvCacheTypeSchema } from './settings.js';

// Tune (issue 14): a search over settings whose every candidate is a real probe step, judged by the
// measured time of one request at the context the user needs. Results live in `<dataDir>/tunes/<id>.json`;
// the node-llama-cpp steps are also a probe file (mode `grid`), so recipes cite them as `verified`.

const tokens = z.number().int().positive().max(16_777_216);
const rate = z.number().nonnegative().nullable();

/**
 * What may leave the device:
 * - `gpu-only`: weights and KV cache stay on the GPU; if nothing fits, tune says so instead of spilling.
 * - `shrink-ctx`: everything stays on the device; the context is lowered until it does.
 * - `allow-spill`: layers may stay in host memory; the spill's cost is measured.
 */
export const TunePolicySchema = z.enum(['gpu-only', 'shrink-ctx', 'allow-spill']);
export type TunePolicy = z.infer<typeof TunePolicySchema>;

/** Which runtime measures each candidate: node-llama-cpp's worker, or the user's own llama.cpp binaries. */
export const TuneEngineSchema = z.enum(['node-llama-cpp', 'llama.cpp']);
export type TuneEngine = z.infer<typeof TuneEngineSchema>;

/** The backend steps run on: `cpu`, or a GPU backend whose layers are a knob. */
export const TuneBackendSchema = z.enum(['cpu', 'vulkan', 'cuda', 'metal']);
export type TuneBackend = z.infer<typeof TuneBackendSchema>;

/** One point in the search space: every knob tune turns, fully resolved. */
export const TuneSettingsSchema = z.object({
  contextSize: tokens,
  threads: z.number().int().positive().max(1024),
  /** Logical batch (`-b`). */
  batchSize: tokens,
  /** Physical batch (`-ub`); node-llama-cpp always runs it equal to the batch. */
  ubatchSize: tokens,
  flashAttention: z.boolean(),
  typeK: KvCacheTypeSchema,
  typeV: KvCacheTypeSchema,
  /** Layers offloaded to the GPU (0 on the CPU backend); the output head counts as one. */
  gpuLayers: z.number().int().nonnegative(),
  /** llama.cpp only: the first N layers keep their MoE expert tensors in host memory (`--n-cpu-moe`). Null: not an MoE knob here. */
  nCpuMoe: z.number().int().nonnegative().nullable(),
});
export type TuneSettings = z.infer<typeof TuneSettingsSchema>;

/** The binary that ran a llama.cpp-engine step. */
export const TuneBinarySchema = z.object({
  path: z.string(),
  /** `version: 1 (de3ff815)` as the binary prints it. */
  version: z.string().nullable(),
  /** Backends and flags it was built with, as it reports them (e.g. `CPU`, `Vulkan`). */
  buildFlags: z.array(z.string()),
});
export type TuneBinary = z.infer<typeof TuneBinarySchema>;

/** The memory model's estimate for a candidate, per device kind. */
export const TuneEstimateSchema = z.object({ ramBytes: z.number().nonnegative(), vramBytes: z.number().nonnegative() });

/** One measured candidate. */
export const TuneCandidateSchema = z.object({
  /** The probe step it was (node-llama-cpp), or a tune-local id (llama.cpp). */
  stepId: z.string(),
  index: z.number().int().nonnegative(),
  /** Which search stage proposed it: `baseline`, a knob name, or `confirm` (a repeat to settle noise). */
  stage: z.string(),
  /** What was being tried, in words. */
  label: z.string(),
  engine: TuneEngineSchema,
  binary: TuneBinarySchema.nullable(),
  settings: TuneSettingsSchema,
  outcome: StepOutcomeSchema,
  promptTokensPerSecond: rate,
  generationTokensPerSecond: rate,
  /** Seconds for one request at this context (prompt filling `promptFill` of it, then `answerTokens`): the score, lower wins. */
  requestSeconds: z.number().nonnegative().nullable(),
  estimate: TuneEstimateSchema.nullable(),
  /** What the step measured on the GPU: VRAM in use at its peak, and the device's total. */
  vramPeakBytes: z.number().nonnegative().nullable(),
  peakRssBytes: z.number().nonnegative().nullable(),
  failure: z.string().nullable(),
  durationMs: z.number().nonnegative(),
});
export type TuneCandidate = z.infer<typeof TuneCandidateSchema>;

/** A configuration a naive run would use, measured the same way. */
export const TuneBaselineSchema = z.object({
  /** `node-llama-cpp-defaults` or `llama.cpp-fit`. */
  name: z.string(),
  settings: TuneSettingsSchema.nullable(),
  outcome: StepOutcomeSchema.or(z.literal('not_run')),
  promptTokensPerSecond: rate,
  generationTokensPerSecond: rate,
  requestSeconds: z.number().nonnegative().nullable(),
  stepId: z.string().nullable(),
  /** How the settings were chosen (and anything the runtime decided on its own). */
  note: z.string(),
});
export type TuneBaseline = z.infer<typeof TuneBaselineSchema>;

/** A settings combination the memory model ruled out before anything ran. */
export const TunePrunedSchema = z.object({ settings: TuneSettingsSchema, reason: z.string() });

export const TuneWinnerSchema = z.object({
  settings: TuneSettingsSchema,
  promptTokensPerSecond: z.number().nonnegative(),
  generationTokensPerSecond: z.number().nonnegative(),
  requestSeconds: z.number().nonnegative(),
  /** The step that measured it (the recipe cites it as `verified`). */
  stepId: z.string(),
  /** Measurements averaged (more than one after a confirmation repeat). */
  runs: z.number().int().positive(),
});
export type TuneWinner = z.infer<typeof TuneWinnerSchema>;

export const TuneStatusSchema = z.enum(['running', 'done', 'cancelled', 'failed', 'no_fit']);
export type TuneStatus = z.infer<typeof TuneStatusSchema>;

/** What `tune:start` takes. */
export const TuneStartSchema = z.object({
  model: ModelRefSchema,
  /** The context the user needs, or `max`: the largest the memory model lets fit on the policy's device (up to the trained context). */
  contextSize: z.union([tokens, z.literal('max')]),
  /** Defaults to `allow-spill`. */
  policy: TunePolicySchema.default('allow-spill'),
  /** Defaults to `node-llama-cpp`. */
  engine: TuneEngineSchema.default('node-llama-cpp'),
  /** Defaults to `cpu`. With a GPU backend, GPU layers become a knob. */
  backend: TuneBackendSchema.default('cpu'),
  /** Stop proposing candidates once this much time has gone. Defaults to 10 minutes. */
  budgetMinutes: z.number().positive().max(1440).default(10),
  /** Tokens generated per step. Defaults to 16. */
  generateTokens: z.number().int().positive().max(4096).default(16),
  /** Fraction of the context the measured prompt fills. Defaults to 0.9. */
  promptFill: z.number().gt(0).max(1).default(0.9),
  /** Answer length the score weighs generation speed by. Defaults to 256. */
  answerTokens: z.number().int().positive().max(65_536).default(256),
  /** Each step is killed after this long (a `timeout` result). Defaults to 5 minutes. */
  stepTimeoutMs: z.number().int().positive().max(86_400_000).default(300_000),
  /** RAM the search may plan for. Defaults to 90 % of this machine's total. */
  ramLimitBytes: z.number().int().positive().optional(),
  /** VRAM the search may plan for. Defaults to what the device reports free before the tune. */
  vramLimitBytes: z.number().int().positive().optional(),
  /** The llama.cpp engine's folder of binaries (Settings). Defaults to HEADROOM_LLAMA_CPP_BIN, then PATH. */
  llamaCppBin: z.string().min(1).optional(),
});
export type TuneStart = z.infer<typeof TuneStartSchema>;
export type TuneStartInput = z.input<typeof TuneStartSchema>;

/** A tune, running or finished: the file's contents. */
export const TuneResultSchema = z.object({
  id: ProbeIdSchema,
  status: TuneStatusSchema,
  createdAt: z.string(),
  model: ProbeModelSchema,
  request: TuneStartSchema,
  policy: TunePolicySchema,
  engine: TuneEngineSchema,
  backend: TuneBackendSchema,
  /** The context tuned (after `max` and `shrink-ctx`). */
  contextSize: tokens,
  /** The probe file holding the node-llama-cpp steps (null for a llama.cpp-only tune). */
  probeId: ProbeIdSchema.nullable(),
  winner: TuneWinnerSchema.nullable(),
  runnerUp: TuneWinnerSchema.nullable(),
  /** Why the winner wins, in plain sentences. */
  why: z.array(z.string()),
  baselines: z.array(TuneBaselineSchema),
  candidates: z.array(TuneCandidateSchema),
  /** Step ids on the Pareto front of prompt vs generation speed. */
  pareto: z.array(z.string()),
  pruned: z.array(TunePrunedSchema),
  notes: z.array(z.string()),
  /** The winner's settings for each runtime, `verified` by its step (null until there is a winner). */
  recipe: RecipeBuildSchema.nullable(),
  /** Extra llama.cpp flags the recipe cannot carry yet (e.g. `--n-cpu-moe 12`). */
  llamaCppFlags: z.array(z.string()),
  message: z.string().nullable(),
});
export type TuneResult = z.infer<typeof TuneResultSchema>;

export const TuneSummarySchema = TuneResultSchema.pick({ id: true, status: true, createdAt: true, model: true, policy: true, engine: true, contextSize: true, winner: true, message: true });
export type TuneSummary = z.infer<typeof TuneSummarySchema>;

/** What `tune:plan` takes: the tune's request, nothing run. */
export const TunePlanRequestSchema = TuneStartSchema.pick({ model: true, contextSize: true, policy: true, engine: true, backend: true, ramLimitBytes: true, vramLimitBytes: true });

/** One combination of the search space, judged by the memory model. */
export const TunePlanEntrySchema = z.object({ settings: TuneSettingsSchema, fits: z.boolean(), reason: z.string().nullable(), estimate: TuneEstimateSchema.nullable() });

/** The plan before loading: what fits where, per device and per setting, and what tune would try. */
export const TunePlanPreviewSchema = z.object({
  model: ProbeModelSchema,
  policy: TunePolicySchema,
  engine: TuneEngineSchema,
  backend: TuneBackendSchema,
  /** The context tune would use (after `max` and `shrink-ctx`), or null with the reason. */
  contextSize: tokens.nullable(),
  reason: z.string().nullable(),
  notes: z.array(z.string()),
  devices: z.array(z.object({ name: z.string(), kind: z.enum(['cpu', 'gpu']), limitBytes: z.number().nonnegative().nullable() })),
  /** The runtime defaults the search starts from. */
  defaults: TuneSettingsSchema.nullable(),
  /** Every value of every knob around the defaults, with the memory model's verdict. */
  grid: z.array(TunePlanEntrySchema),
  /** The steps tune would run first, in order (later ones depend on what these measure). */
  wouldTry: z.array(z.object({ stage: z.string(), label: z.string(), settings: TuneSettingsSchema })),
});
export type TunePlanPreview = z.infer<typeof TunePlanPreviewSchema>;

const byId = z.object({ id: ProbeIdSchema }).strict();

export const tuneChannels = {
  'tune:start': defineChannel({
    summary: 'Tune a model at a context: measure candidate settings (each a real step) and pick the fastest that fits; returns at once, progress arrives as events.',
    input: TuneStartSchema,
    output: TuneResultSchema,
  }),
  'tune:plan': defineChannel({ summary: 'What fits where, per device and per setting, and what tune would try; loads nothing.', input: TunePlanRequestSchema, output: TunePlanPreviewSchema }),
  'tune:get': defineChannel({ summary: 'One tune with its candidates, baselines, winner and recipe.', input: byId, output: TuneResultSchema }),
  'tune:list': defineChannel({ summary: 'The tunes saved in the data folder, newest first.', input: z.object({}).strict(), output: z.object({ tunes: z.array(TuneSummarySchema) }) }),
  'tune:cancel': defineChannel({ summary: 'Cancel a running tune (its running step is killed); what was measured stays.', input: byId, output: TuneResultSchema }),
};

/** Progress of a running tune: step k of n, the time left, what is being tried. */
export const TuneProgressSchema = z.object({
  tuneId: ProbeIdSchema,
  /** 1-based index of the step starting now. */
  step: z.number().int().positive(),
  /** Steps planned in all (measured + still planned); grows or shrinks as results arrive. */
  total: z.number().int().positive(),
  /** Estimated seconds left: planned steps × the mean step time so far, capped by the budget. */
  secondsLeft: z.number().nonnegative().nullable(),
  trying: z.string(),
  settings: TuneSettingsSchema,
});
export type TuneProgress = z.infer<typeof TuneProgressSchema>;

export const tuneEvents = {
  'tune:onProgress': TuneProgressSchema,
  'tune:onCandidate': z.object({ tuneId: ProbeIdSchema, candidate: TuneCandidateSchema }),
  'tune:onFinished': z.object({ result: TuneResultSchema }),
};
