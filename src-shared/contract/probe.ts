import { z } from 'zod';
import { defineChannel } from './defineChannel.js';
import { GpuLayersSchema, KvCacheTypeSchema, SettingsChangeSchema } from './settings.js';

// The probe (issue 5): one step = one configuration measured in a fresh worker process.
// A probe is a plan of steps whose results are appended, one JSON line each, to
// `<dataDir>/probes/<id>.jsonl` (see ProbeRecordSchema). Extend these schemas compatibly only:
// the recipe and diagnosis work read them, and old probe files must still parse.

const bytes = z.number().int().nonnegative();
const nullableBytes = bytes.nullable();
const ms = z.number().nonnegative().nullable();
const rate = z.number().nonnegative().nullable();
const tokens = z.number().int().positive().max(16_777_216);

/** A probe id: also its file name, so only safe characters. */
export const ProbeIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'a probe id is letters, digits, "-" and "_"');

/** Which node-llama-cpp binary the worker loads. `auto` is `getLlama({gpu: 'auto'})`; `cpu` is `gpu: false`. */
export const ProbeBackendSchema = z.enum(['auto', 'cpu', 'cuda', 'vulkan', 'metal']);
export type ProbeBackend = z.infer<typeof ProbeBackendSchema>;

/** One configuration, fully resolved: what a step ran with. */
/** Whether a step trusts node-llama-cpp's memory estimate or really allocates; see `StepConfig.memoryCheck`. */
export const MemoryCheckSchema = z.enum(['estimate', 'allocate']);
export type MemoryCheck = z.infer<typeof MemoryCheckSchema>;

/**
 * How the KV cells before a step's measured batch get there:
 * - `prompt`: the attention-heavy prompt is evaluated for real to `promptFill` of the context, then tokens are
 *   generated (speed at a context, as a user's long prompt runs).
 * - `copy`: one full batch is evaluated for real at depth 0 (its K/V rows are real), the cells up to the far end
 *   of the cache are filled by llama.cpp loading a sequence state of copies of those rows, then one full batch
 *   is evaluated at the far end and tokens are generated there. Every buffer is allocated and touched at full
 *   depth (KV, compute at the largest attention span) without evaluating the depth: llama-bench's `-d`,
 *   cheaply. The values in the copied cells are real K/V rows at the wrong positions; speed does not depend on them.
 * - `none`: the context is created (llama.cpp clears its KV cache, so every KV page is touched) and one full
 *   batch is evaluated at depth 0: memory at allocation and at the first full batch, in seconds.
 * Defaults to `prompt`; files written before this setting existed read as `prompt`.
 */
export const StepFillSchema = z.enum(['prompt', 'copy', 'none']);
export type StepFill = z.infer<typeof StepFillSchema>;

export const StepConfigSchema = z.object({
  /** Tokens the context holds (llama.cpp may round it up to a multiple of 256; see `actualContextSize`). */
  contextSize: tokens,
  flashAttention: z.boolean(),
  typeK: KvCacheTypeSchema,
  typeV: KvCacheTypeSchema,
  gpuLayers: GpuLayersSchema,
  /** Logical batch (`-b`). */
  batchSize: tokens,
  /** Physical batch (`-ub`). node-llama-cpp always runs ubatch = batch. */
  ubatchSize: tokens,
  /** CPU threads for evaluation, always explicit (never more than the usable cores). */
  threads: z.number().int().positive().max(1024),
  /** Tokens generated after the prompt. */
  generateTokens: z.number().int().positive().max(4096),
  /** Fraction of the context the attention-heavy prompt fills. */
  promptFill: z.number().gt(0).max(1),
  backend: ProbeBackendSchema,
  /**
   * `estimate`: node-llama-cpp refuses a configuration its own estimate says will not fit, before
   * allocating (it protects a machine without a budget). `allocate`: that check is skipped and llama.cpp
   * really allocates, so the boundary found is the device's real limit (a real out-of-VRAM on a GPU).
   * Defaults to `estimate`; files written before this setting existed read as `estimate`.
   */
  memoryCheck: MemoryCheckSchema.default('estimate'),
  /** How the cells before the measured batch are filled (see StepFillSchema). Absent: `prompt`. */
  fill: StepFillSchema.optional(),
});
export type StepConfig = z.infer<typeof StepConfigSchema>;

/** Step settings a caller may leave out; the runner fills them (threads from the usable cores). */
export const StepSettingsSchema = z.object({
  /** Defaults to `f16`. */
  typeK: KvCacheTypeSchema.optional(),
  /** Defaults to `f16`. */
  typeV: KvCacheTypeSchema.optional(),
  /** Defaults to `auto`. */
  gpuLayers: GpuLayersSchema.optional(),
  /** Defaults to 512 (node-llama-cpp's default). */
  batchSize: tokens.optional(),
  /** Defaults to `batchSize`; node-llama-cpp cannot run another value. */
  ubatchSize: tokens.optional(),
  /** Defaults to the usable cores but one (left for the app), at most 8; never more than the usable cores. */
  threads: z.number().int().positive().max(1024).optional(),
  /** Defaults to 64. */
  generateTokens: z.number().int().positive().max(4096).optional(),
  /** Defaults to 0.9. */
  promptFill: z.number().gt(0).max(1).optional(),
  /** Defaults to `auto`. */
  backend: ProbeBackendSchema.optional(),
  /** Defaults to `estimate`; `allocate` finds the real limit (see `StepConfig.memoryCheck`). */
  memoryCheck: MemoryCheckSchema.optional(),
});
export type StepSettings = z.infer<typeof StepSettingsSchema>;

/**
 * How a memory budget is imposed on the worker, each named for what it means:
 * - `addressSpace`: `prlimit --as` (RLIMIT_AS) on the worker: every allocation past the limit fails, so
 *   loading or context creation fails ("Failed to create context", or an abort). Counts virtual memory, which
 *   starts near 1.15 GB for the worker (Node, node-llama-cpp, MALLOC_ARENA_MAX=2), so budgets must be above
 *   that. Linux only.
 * - `estimateCap`: node-llama-cpp's `setRamCap`/`setVramCap`: its own estimate refuses a context that would
 *   not fit (InsufficientMemoryError) before anything is allocated. Only as good as that estimate.
 * - `cgroup`: a cgroup v1 memory limit; the kernel kills the worker (SIGKILL) when real usage crosses it,
 *   also during evaluation. Needs a writable /sys/fs/cgroup/memory (root, Linux, cgroup v1).
 */
export const BudgetMechanismSchema = z.enum(['addressSpace', 'estimateCap', 'cgroup']);
export type BudgetMechanism = z.infer<typeof BudgetMechanismSchema>;

export const MemoryBudgetSchema = z.object({
  mechanism: BudgetMechanismSchema,
  /** The RAM limit: RLIMIT_AS bytes, node-llama-cpp's RAM cap, or the cgroup limit. Null: no RAM limit. */
  ramBytes: nullableBytes.default(null),
  /** The VRAM limit (node-llama-cpp's VRAM cap; `estimateCap` only). Null: no VRAM limit. */
  vramBytes: nullableBytes.default(null),
});
export type MemoryBudget = z.infer<typeof MemoryBudgetSchema>;

/** The smallest RAM budget a new probe accepts: the worker alone (Node, node-llama-cpp) takes about 48 MiB. */
export const MIN_RAM_BUDGET_BYTES = 64 * 2 ** 20;

/** A budget a caller asks for: bounded, so that a worker can at least start under it (stored budgets are read as they are). */
const RequestedBudgetSchema = MemoryBudgetSchema.extend({
  ramBytes: z.number().int().min(MIN_RAM_BUDGET_BYTES, 'a RAM budget must be at least 64 MiB (the worker alone takes about 48 MiB)').max(2 ** 50).nullable().default(null),
  vramBytes: bytes.max(2 ** 50).nullable().default(null),
});

export const StepOutcomeSchema = z.enum(['ok', 'oom', 'crashed', 'timeout', 'error', 'cancelled']);
export type StepOutcome = z.infer<typeof StepOutcomeSchema>;

/** Why a step failed, as precisely as the evidence allows. */
export const FailureClassSchema = z.enum([
  /** Context creation (or an allocation) failed under the address-space limit. */
  'address_space_limit',
  /** node-llama-cpp's estimate refused it (InsufficientMemoryError), under a cap or the free memory. */
  'estimate_refused',
  /** The kernel OOM killer killed the worker at the cgroup limit. */
  'cgroup_oom_kill',
  /** The memory in use stood above the cgroup limit and the kernel could not reclaim down to it (a `copy` step, after its fill). */
  'cgroup_limit_exceeded',
  /** A RAM allocation failed without an imposed limit. */
  'ram_alloc_failed',
  /** A device (VRAM) allocation failed. */
  'vram_alloc_failed',
  /** The worker aborted (SIGABRT, a GGML_ASSERT or an uncaught C++ exception). */
  'abort',
  /** The worker crashed with SIGSEGV or SIGBUS. */
  'segfault',
  /** Something outside Headroom killed the worker (SIGKILL, SIGTERM). */
  'killed',
  /** The worker exited without a result. */
  'exited',
  'timeout',
  'cancelled',
  'model_load_failed',
  'context_create_failed',
  'evaluation_failed',
  'invalid_config',
  'unknown',
]);
export type FailureClass = z.infer<typeof FailureClassSchema>;

/** Where in the step things stopped. */
/** `fill`: a `copy` step loading the copied cells (between its first batch and the batch at the far end). */
export const StepPhaseSchema = z.enum(['spawn', 'load', 'context', 'prompt', 'fill', 'generate', 'done']);
export type StepPhase = z.infer<typeof StepPhaseSchema>;

export const StepFailureSchema = z.object({
  message: z.string(),
  signal: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  /** The worker's last stderr lines (llama.cpp's log), for the diagnosis. */
  stderrTail: z.array(z.string()),
  classification: FailureClassSchema,
  phase: StepPhaseSchema,
});
export type StepFailure = z.infer<typeof StepFailureSchema>;

export const BufferKindSchema = z.enum(['model', 'kv', 'compute', 'output']);

/** Buffer sizes llama.cpp printed while loading ("CPU KV buffer size = 48.00 MiB"). */
export const ReportedBuffersSchema = z.object({
  modelBytes: nullableBytes,
  kvBytes: nullableBytes,
  computeBytes: nullableBytes,
  outputBytes: nullableBytes,
  byDevice: z.array(z.object({ device: z.string(), kind: BufferKindSchema, bytes })),
});
export type ReportedBuffers = z.infer<typeof ReportedBuffersSchema>;

/**
 * llama.cpp's own timers over the measured prompt and generation (llama_perf_context): its compute time
 * alone, as llama-bench, llama-server and Ollama count it, without node-llama-cpp's per-token round trip.
 */
export const LlamaCppTimingsSchema = z.object({
  promptTokensPerSecond: rate,
  generationTokensPerSecond: rate,
  /** Single-token decodes it timed (the generated tokens after the first). */
  generationRuns: z.number().int().nonnegative(),
});
export type LlamaCppTimings = z.infer<typeof LlamaCppTimingsSchema>;

/** A memory estimate for the step's configuration, made before it ran. */
export const StepEstimateSchema = z.object({
  ramBytes: bytes,
  vramBytes: bytes,
  /** Parts, where the source gives them. */
  weightsBytes: nullableBytes,
  kvBytes: nullableBytes,
  computeBytes: nullableBytes,
});
export type StepEstimate = z.infer<typeof StepEstimateSchema>;

export const StepResultSchema = StepConfigSchema.extend({
  id: z.string(),
  probeId: z.string(),
  /** Position in the probe, from 0. */
  index: z.number().int().nonnegative(),
  outcome: StepOutcomeSchema,
  budget: MemoryBudgetSchema.nullable(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  /** What node-llama-cpp really created (context rounded to 256, flash attention after `auto`, threads). */
  actualContextSize: z.number().int().nullable(),
  actualFlashAttention: z.boolean().nullable(),
  actualThreads: z.number().int().nullable(),
  /** The backend the worker ran on (`cpu`, `cuda`, `vulkan`, `metal`). */
  actualBackend: z.string().nullable(),
  actualGpuLayers: z.number().int().nullable(),
  promptTokens: z.number().int().nonnegative(),
  generatedTokens: z.number().int().nonnegative(),
  /** Prompt tokens / prompt evaluation time (llama-bench's pp). */
  promptTokensPerSecond: rate,
  /** Generated tokens after the first / their generation time (llama-bench's tg at depth = prompt), as a node-llama-cpp app sees it. */
  generationTokensPerSecond: rate,
  /** The same prompt and generation by llama.cpp's own timers. Absent in files written before it was recorded. */
  llamaCppTimings: LlamaCppTimingsSchema.nullable().default(null),
  timeToFirstTokenMs: ms,
  /**
   * Cells already in the cache when the measured batch began (`copy`: the copied cells; `none`: 0; `prompt`:
   * 0, the prompt starts empty). Null in files written before it was recorded.
   */
  depth: z.number().int().nonnegative().nullable().default(null),
  /** Prompt tok/s of one full batch at depth 0 (`copy`: its first batch), for the cost model; null where not timed. */
  shallowPromptTokensPerSecond: rate.default(null),
  /** Time to write and load the copied cells (`copy` only). */
  fillMs: ms.default(null),
  /** Model load (weights mapped and offloaded). */
  loadTimeMs: ms,
  contextCreateMs: ms,
  rssBeforeBytes: nullableBytes,
  rssAfterBytes: nullableBytes,
  /** The worker's peak resident set (VmHWM). */
  peakRssBytes: nullableBytes,
  /** The worker's peak virtual size (VmPeak): what `addressSpace` limits. */
  peakVirtualBytes: nullableBytes,
  /** The cgroup's peak usage (`cgroup` budgets only): what the kernel limits, page cache included. */
  cgroupPeakBytes: nullableBytes,
  /**
   * Anonymous memory charged to the cgroup at the step's end, buffers still held (memory.stat total_rss;
   * `cgroup` budgets only): the part of the charge the kernel cannot reclaim. Absent in older files.
   */
  cgroupAnonBytes: nullableBytes.default(null),
  /** VRAM in use on all devices (node-llama-cpp's getVramState), before load, after, and the highest sample. */
  vramBeforeBytes: nullableBytes,
  vramAfterBytes: nullableBytes,
  vramPeakBytes: nullableBytes,
  /** The devices' total VRAM (the limit find-max aims at on a GPU when no budget is imposed). Absent in files written before it was recorded. */
  vramTotalBytes: nullableBytes.default(null),
  reported: ReportedBuffersSchema.nullable(),
  estimate: z.object({
    /** Headroom's pure memory model (src-shared/domain/memory), where it could run. */
    headroom: StepEstimateSchema.nullable(),
    /** node-llama-cpp's GgufInsights estimate for the same configuration. */
    nodeLlamaCpp: StepEstimateSchema.nullable(),
  }),
  failure: StepFailureSchema.nullable(),
  /** node-llama-cpp and llama.cpp versions the worker ran. */
  runtime: z
    .object({
      nodeLlamaCpp: z.string(),
      llamaCpp: z.string(),
      /** Which llama.cpp binary ran: node-llama-cpp's prebuilt one, or one built from source on this machine (`npx node-llama-cpp source build`). Absent in files written before it was recorded. */
      binary: z.enum(['prebuilt', 'localBuild']).optional(),
    })
    .nullable(),
});
export type StepResult = z.infer<typeof StepResultSchema>;

export const ProbeModeSchema = z.enum(['findMax', 'grid', 'compareFlashAttention', 'verify']);
export type ProbeMode = z.infer<typeof ProbeModeSchema>;

/** A GGUF on disk, or a named synthetic preset that Headroom generates into the data folder. */
export const ModelRefSchema = z.union([
  z.object({ path: z.string().min(1) }).strict(),
  z
    .object({
      preset: z.string().min(1),
      /** Cut the preset to this many layers (same per-layer shape, smaller file). Defaults to the full depth. */
      layers: z.number().int().positive().max(512).optional(),
    })
    .strict(),
]);
export type ModelRef = z.infer<typeof ModelRefSchema>;

/** What `probe:start` takes. */
export const ProbeStartSchema = StepSettingsSchema.extend({
  model: ModelRefSchema,
  /** Defaults to `findMax`. */
  mode: ProbeModeSchema.exclude(['verify']).default('findMax'),
  /** Contexts of a grid or a flash-attention comparison. Defaults to 512, 1024, 2048, 4096 (up to the trained context). */
  contexts: z.array(tokens).min(1).max(64).optional(),
  /** Flash attention settings to run (grid) or to search (findMax). Defaults to both. */
  flashAttention: z.array(z.boolean()).min(1).max(2).optional(),
  /** KV cache types of a grid, K and V alike. Defaults to `typeK`. */
  kvCacheTypes: z.array(KvCacheTypeSchema).min(1).max(8).optional(),
  /** Imposed memory limit. Defaults to none (node-llama-cpp's own free-memory check still applies). */
  budget: RequestedBudgetSchema.nullable().optional(),
  /** findMax: smallest context tried. Defaults to 256. */
  minContext: tokens.optional(),
  /** findMax: largest context tried. Defaults to the model's trained context. */
  maxContext: tokens.optional(),
  /** findMax precision in tokens: the larger of this and `granularityFraction` of the boundary. Defaults to 256. */
  granularityTokens: tokens.optional(),
  /** Defaults to 0.02. */
  granularityFraction: z.number().min(0).max(0.5).optional(),
  /**
   * A step running longer is killed and recorded as `timeout` (not measured in time: never a memory limit).
   * Defaults to a multiple of the step's predicted duration, with a floor: three times (at least 30 s) once this
   * probe has measured the machine, eight times from the machine's speed record and ten times from the rough prior
   * (at least 2 minutes both).
   */
  stepTimeoutMs: z.number().int().positive().max(86_400_000).optional(),
  /** Cap on the whole probe's running time; steps that would not fit are skipped and named. Defaults to none. */
  budgetMs: z.number().int().positive().max(7 * 86_400_000).optional(),
  /** findMax: `fast` (memory by allocation and a first batch, then checked at depth; see ProbePlan.search) or `prompt` (every step evaluates its prompt). Defaults to `fast`. */
  search: z.enum(['fast', 'prompt']).optional(),
  /** findMax: check the largest context that fits once more with a full batch at the far end of its cache. Defaults to true. */
  depthCheck: z.boolean().optional(),
  /** findMax: depths (tokens already in the cache) at which to measure prompt and generation speed. Defaults to ¼ of the maximum found (with depth 0, the calibration's and the full-depth check's: four depths). */
  speedDepths: z.array(tokens).max(16).optional(),
  /** findMax: a speed floor, reported apart from memory: the largest measured context whose generation reaches it. Defaults to none. */
  minGenerationTps: z.number().positive().max(100_000).optional(),
});
export type ProbeStart = z.infer<typeof ProbeStartSchema>;

/** Where a time prediction comes from: this probe's own steps, the machine's speed record, or a stated rough prior. */
export const SpeedSourceSchema = z.enum(['measured', 'machine_record', 'rough_prior']);
export type SpeedSource = z.infer<typeof SpeedSourceSchema>;

/** Seconds per token at depth d: `a + k·d`. */
const SpeedLineSchema = z.object({ a: z.number().nonnegative(), k: z.number().nonnegative() });

/**
 * What this machine's speed is taken to be for this model before the probe's own steps measure it: the per-machine
 * speed record (`speed-calibration.json`) scaled by the model's compute, or a rough prior from the model's FLOPs per
 * token and a conservative CPU throughput. In absolute units for this model, so the plan predicts alone.
 */
export const SpeedPriorSchema = z.object({
  source: SpeedSourceSchema.exclude(['measured']),
  /** Steps behind the record (0 for the rough prior). */
  steps: z.number().int().nonnegative(),
  /** Per step: spawn, load, context and the rest that is not evaluation. */
  fixedMs: z.number().nonnegative(),
  prompt: SpeedLineSchema,
  generate: SpeedLineSchema,
  fillMsPerCell: z.number().nonnegative(),
  /** The depth cost (`k`) was measured on this machine (at two depths or more), not assumed. */
  depthMeasured: z.boolean(),
});
export type SpeedPrior = z.infer<typeof SpeedPriorSchema>;

/** A probe's options after defaults: stored in the file header, so a resume continues the same plan. */
export const ProbePlanSchema = z.object({
  mode: ProbeModeSchema,
  base: StepConfigSchema.omit({ contextSize: true, flashAttention: true }),
  contexts: z.array(tokens),
  flashAttention: z.array(z.boolean()),
  kvCacheTypes: z.array(KvCacheTypeSchema),
  budget: MemoryBudgetSchema.nullable(),
  minContext: tokens,
  maxContext: tokens,
  granularityTokens: tokens,
  granularityFraction: z.number(),
  stepTimeoutMs: z.number().int().positive(),
  /** The memory model's guess of the largest fitting context, per flash attention setting (`on`/`off`). */
  startHint: z.object({ on: tokens.nullable(), off: tokens.nullable() }),
  /** Estimated bytes per context token (the memory model's slope), to aim the next size. */
  bytesPerToken: z.object({ on: z.number().positive().nullable(), off: z.number().positive().nullable() }),
  /**
   * findMax strategy. `fast`: the search runs `none` steps (allocation and a first full batch), the maximum is
   * checked at full depth with a `copy` step, and speed is measured at `speedDepths`. `prompt` (or absent, as in
   * files written before `fast` existed): every step evaluates its prompt.
   */
  search: z.enum(['fast', 'prompt']).optional(),
  /** Absent: false. */
  depthCheck: z.boolean().optional(),
  /** Tokens a `fast` find-max generates in its steps at depth. Absent: `base.generateTokens`. */
  depthGenerateTokens: z.number().int().positive().max(4096).optional(),
  /** Absent or null: ¼ of the maximum found. */
  speedDepths: z.array(tokens).nullable().optional(),
  /** Steps time out at a multiple of their predicted duration (see ProbeStart.stepTimeoutMs); absent or false: at `stepTimeoutMs`. */
  predictTimeouts: z.boolean().optional(),
  /** Absent or null: no cap. */
  budgetMs: z.number().int().positive().nullable().optional(),
  minGenerationTps: z.number().positive().nullable().optional(),
  /** This machine's speed before the probe measures it (see SpeedPriorSchema). Absent or null: none (older files). */
  speedPrior: SpeedPriorSchema.nullable().optional(),
});
export type ProbePlan = z.infer<typeof ProbePlanSchema>;

export const ProbeModelSchema = z.object({
  path: z.string(),
  name: z.string(),
  sizeBytes: bytes,
  preset: z.string().nullable(),
  trainContextSize: z.number().int().positive().nullable(),
});
export type ProbeModel = z.infer<typeof ProbeModelSchema>;

export const ProbeStatusSchema = z.enum(['running', 'done', 'cancelled', 'failed', 'interrupted']);
export type ProbeStatus = z.infer<typeof ProbeStatusSchema>;

/** The largest context that ran, per flash attention setting. */
/**
 * What bounds a found maximum from above:
 * - `oom`: the next size up ran out of memory (at `phase`): a memory limit.
 * - `not_measured`: the next size up could not be measured (timed out, crashed without a memory cause, or
 *   failed otherwise): never a memory limit; the maximum is only the largest size known to fit.
 * - `model_limit`: the maximum is the largest context tried (the model's trained context or `maxContext`).
 * - `time_budget`: the probe's time cap ended the search first.
 * - `none_fits`: even the smallest size failed.
 */
export const ContextBoundSchema = z.object({
  by: z.enum(['oom', 'not_measured', 'model_limit', 'time_budget', 'none_fits']),
  /** The step size that bounds it (the failure above), where one does. */
  contextSize: z.number().int().nullable(),
  phase: StepPhaseSchema.nullable(),
  classification: FailureClassSchema.nullable(),
  /** The maximum ran with a full batch at the far end of its cache (a `copy` or `prompt` step), not only at allocation. */
  atDepth: z.boolean(),
});
export type ContextBound = z.infer<typeof ContextBoundSchema>;

export const MaxContextSchema = z.object({
  flashAttention: z.object({ on: z.number().int().nullable(), off: z.number().int().nullable() }),
  /** Each found maximum ran, and the next size up (within the granularity) ran out of memory, or it is the model's limit. */
  verified: z.boolean(),
  /** What bounds each maximum (findMax); absent in older summaries. */
  bounds: z.object({ on: ContextBoundSchema.nullable(), off: ContextBoundSchema.nullable() }).optional(),
});
export type MaxContext = z.infer<typeof MaxContextSchema>;

export const ProbeSummarySchema = z.object({
  id: ProbeIdSchema,
  mode: ProbeModeSchema,
  status: ProbeStatusSchema,
  model: ProbeModelSchema,
  budget: MemoryBudgetSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  stepCount: z.number().int().nonnegative(),
  okCount: z.number().int().nonnegative(),
  failedCount: z.number().int().nonnegative(),
  /** Steps still planned when that is known (grid, compare); null for findMax. */
  remainingSteps: z.number().int().nonnegative().nullable(),
  maxContext: MaxContextSchema,
  /** Why the probe stopped, when it did not finish. */
  message: z.string().nullable(),
  file: z.string(),
  /** Time: spent, predicted for what is left, the cap, and what the cap made the probe skip. Absent in older summaries. */
  time: z
    .object({
      elapsedMs: z.number().nonnegative(),
      /** Predicted time for the rest of the plan by the cost model measured so far; null before anything is measured. */
      remainingMs: z.number().nonnegative().nullable(),
      /** Of that, the memory search alone. */
      memoryRemainingMs: z.number().nonnegative().nullable(),
      budgetMs: z.number().nullable(),
      skipped: z.array(z.string()),
      /** What `remainingMs` comes from: this probe's steps, the machine's speed record, or the rough prior. */
      source: SpeedSourceSchema.nullable().optional(),
      /** The prediction made before any step ran (from the plan's speed prior); null where there was none. */
      atStart: z.object({ totalMs: z.number().nonnegative(), memoryMs: z.number().nonnegative(), source: SpeedSourceSchema }).nullable().optional(),
    })
    .optional(),
});
export type ProbeSummary = z.infer<typeof ProbeSummarySchema>;

/** The first line of a probe file. */
export const ProbeHeaderSchema = z.object({
  type: z.literal('header'),
  formatVersion: z.literal(1),
  id: ProbeIdSchema,
  createdAt: z.string(),
  model: ProbeModelSchema,
  plan: ProbePlanSchema,
});
export type ProbeHeader = z.infer<typeof ProbeHeaderSchema>;

/** A status change: cancelled, finished, failed, resumed. */
export const ProbeStatusRecordSchema = z.object({
  type: z.literal('status'),
  status: ProbeStatusSchema,
  at: z.string(),
  message: z.string().nullable(),
});

/** One line of `<dataDir>/probes/<id>.jsonl`: the header first, then steps and status lines in order. */
export const ProbeRecordSchema = z.discriminatedUnion('type', [
  ProbeHeaderSchema,
  StepResultSchema.extend({ type: z.literal('step') }),
  ProbeStatusRecordSchema,
]);
export type ProbeRecord = z.infer<typeof ProbeRecordSchema>;

// ---- analysis (pure, src-shared/domain/probe) ----

export const SpeedFitSchema = z.object({
  /** Seconds per token at no context (weights, fixed cost). */
  fixedSecondsPerToken: z.number(),
  /** Extra seconds per token per token of context (attention: quadratic total work). */
  secondsPerTokenPerContextToken: z.number(),
  points: z.number().int(),
});

export const KneeSchema = z.object({
  metric: z.enum(['prompt', 'generation']),
  flashAttention: z.boolean(),
  /** The context where speed starts to drop by more than `thresholdPerDoubling` per doubling, by the fitted cost model. */
  kneeContext: z.number().int().nullable(),
  /** The first measured interval whose drop per doubling exceeds the threshold (its lower end). */
  measuredKneeContext: z.number().int().nullable(),
  thresholdPerDoubling: z.number(),
  fit: SpeedFitSchema.nullable(),
  /** Measured drop per doubling between consecutive contexts. */
  drops: z.array(z.object({ from: z.number().int(), to: z.number().int(), dropPerDoubling: z.number() })),
});
export type Knee = z.infer<typeof KneeSchema>;

export const FlashAttentionVerdictSchema = z.object({
  contextSize: z.number().int(),
  typeK: KvCacheTypeSchema,
  typeV: KvCacheTypeSchema,
  /** `required`: the configuration is refused without flash attention (e.g. a quantized V cache). */
  verdict: z.enum(['faster', 'slower', 'no_difference', 'makes_it_fit', 'breaks_it', 'neither_fits', 'required']),
  /** FA on / FA off, where both ran. */
  promptSpeedup: z.number().nullable(),
  generationSpeedup: z.number().nullable(),
});
export type FlashAttentionVerdict = z.infer<typeof FlashAttentionVerdictSchema>;

export const MemoryComparisonSchema = z.object({
  stepId: z.string(),
  contextSize: z.number().int(),
  flashAttention: z.boolean(),
  /** What llama.cpp allocated: the sum of the model, KV, compute and output buffers it printed. */
  measuredBytes: nullableBytes,
  /** The whole worker at its peak (cgroup peak, else peak RSS plus VRAM taken): includes the runtime itself. */
  processPeakBytes: nullableBytes,
  /** Estimates of the same allocations (RAM + VRAM). */
  headroomBytes: nullableBytes,
  nodeLlamaCppBytes: nullableBytes,
  /** Reported KV buffer (llama.cpp's log) vs the memory model's KV estimate. */
  reportedKvBytes: nullableBytes,
  estimatedKvBytes: nullableBytes,
  /** (estimate − measured) / measured, for the totals and for the KV cache. */
  headroomError: z.number().nullable(),
  nodeLlamaCppError: z.number().nullable(),
  kvError: z.number().nullable(),
});
export type MemoryComparison = z.infer<typeof MemoryComparisonSchema>;

/** Prompt and generation speed with `depth` cells already in the cache (llama-bench's `-d`), from one step. */
export const SpeedAtDepthSchema = z.object({
  flashAttention: z.boolean(),
  contextSize: z.number().int(),
  depth: z.number().int(),
  /** One full batch evaluated at that depth. */
  promptTokensPerSecond: z.number().nullable(),
  /** Tokens generated right after it. */
  generationTokensPerSecond: z.number().nullable(),
  fill: StepFillSchema,
});
export type SpeedAtDepth = z.infer<typeof SpeedAtDepthSchema>;

/** The speed floor, apart from memory: the largest measured context whose generation reaches `minGenerationTps`. */
export const SpeedFloorSchema = z.object({
  minGenerationTps: z.number(),
  flashAttention: z.boolean(),
  /** Largest measured context at or above the floor; null when none reached it. */
  maxContext: z.number().int().nullable(),
  /** Smallest measured context below the floor; null when none fell below it. */
  firstBelow: z.number().int().nullable(),
});
export type SpeedFloor = z.infer<typeof SpeedFloorSchema>;

export const ProbeAnalysisSchema = z.object({
  /** Speed at each measured depth, shallow first. Absent in older documents. */
  speedAtDepth: z.array(SpeedAtDepthSchema).default([]),
  speedFloor: z.array(SpeedFloorSchema).default([]),
  knees: z.array(KneeSchema),
  flashAttention: z.array(FlashAttentionVerdictSchema),
  /** Flash attention raises (or lowers) the largest context by this many tokens, where both were searched. */
  flashAttentionMaxContextGain: z.number().int().nullable(),
  memory: z.array(MemoryComparisonSchema),
});
export type ProbeAnalysis = z.infer<typeof ProbeAnalysisSchema>;

export const ProbeDetailSchema = z.object({
  summary: ProbeSummarySchema,
  header: ProbeHeaderSchema,
  steps: z.array(StepResultSchema),
  analysis: ProbeAnalysisSchema,
});
export type ProbeDetail = z.infer<typeof ProbeDetailSchema>;

/** What `probe:verify` takes: one step, e.g. a fix's settings change applied over a base configuration. */
export const ProbeVerifySchema = StepSettingsSchema.extend({
  model: ModelRefSchema,
  contextSize: tokens,
  /** Defaults to off. */
  flashAttention: z.boolean().optional(),
  /** Applied over the settings above (a knowledge-base fix); `env` and `action` are not applied. */
  change: SettingsChangeSchema.optional(),
  budget: RequestedBudgetSchema.nullable().optional(),
  stepTimeoutMs: z.number().int().positive().max(86_400_000).optional(),
});
export type ProbeVerify = z.infer<typeof ProbeVerifySchema>;

const byId = z.object({ id: ProbeIdSchema }).strict();

export const probeChannels = {
  'probe:start': defineChannel({
    summary: 'Start a probe (find the max context, a grid, or flash attention on vs off); returns at once, steps arrive as events.',
    input: ProbeStartSchema,
    output: ProbeSummarySchema,
  }),
  'probe:list': defineChannel({
    summary: 'List the probes saved in the data folder, newest first.',
    input: z.object({}).strict(),
    output: z.object({ probes: z.array(ProbeSummarySchema) }),
  }),
  'probe:get': defineChannel({
    summary: 'One probe with all its steps and their analysis.',
    input: byId,
    output: ProbeDetailSchema,
  }),
  'probe:cancel': defineChannel({
    summary: 'Cancel a running probe (its running step is killed and recorded as cancelled).',
    input: byId,
    output: ProbeSummarySchema,
  }),
  'probe:resume': defineChannel({
    summary: 'Continue an interrupted or cancelled probe where its plan stopped.',
    input: byId,
    output: ProbeSummarySchema,
  }),
  'probe:verify': defineChannel({
    summary: 'Run one step with a given configuration and budget (e.g. to verify a fix); waits for its result.',
    input: ProbeVerifySchema,
    output: z.object({ probeId: ProbeIdSchema, step: StepResultSchema }),
  }),
};

export const ProbeStepStartedEventSchema = z.object({ probeId: ProbeIdSchema, index: z.number().int(), config: StepConfigSchema });

/** Where a running step is: sent as the worker reports and at least every 2 s. */
export const ProbeStepProgressEventSchema = z.object({
  probeId: ProbeIdSchema,
  index: z.number().int(),
  phase: StepPhaseSchema,
  /** Tokens of the current phase evaluated so far, of its total (null where a phase has no tokens). */
  tokensDone: z.number().int().nonnegative().nullable(),
  tokensTotal: z.number().int().nonnegative().nullable(),
  /** Tokens per second in this phase so far. */
  tokensPerSecond: z.number().nonnegative().nullable(),
  elapsedMs: z.number().nonnegative(),
  /** The step's predicted duration and time left by the cost model; null before the machine is measured. */
  predictedMs: z.number().nonnegative().nullable(),
  remainingMs: z.number().nonnegative().nullable(),
  timeoutMs: z.number().nonnegative(),
});
export type ProbeStepProgressEvent = z.infer<typeof ProbeStepProgressEventSchema>;

export const probeEvents = {
  'probe:onStarted': z.object({ summary: ProbeSummarySchema }),
  'probe:onStepStarted': ProbeStepStartedEventSchema,
  'probe:onStepProgress': ProbeStepProgressEventSchema,
  'probe:onStep': z.object({ probeId: ProbeIdSchema, step: StepResultSchema, summary: ProbeSummarySchema }),
  'probe:onFinished': z.object({ summary: ProbeSummarySchema }),
};
