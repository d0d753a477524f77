import { z } from 'zod';
import { AuditRuntimeSchema } from '../contract/audit.js';
import { RuntimeSchema, SettingsChangeSchema } from '../contract/settings.js';
import { FactNameSchema, LiveFactNameSchema } from './Facts.js';
import { parseVersionRange, VersionRangeError } from './versionRange.js';

// One file of resources/knowledge-base: a failure, how to recognise it, why it happens and what
// to change. Entries are data: they are validated here when loaded and in tests.

/** Every entry has exactly one; `diagnose` reports the best match's, or `unknown`. */
export const CategorySchema = z.enum([
  'gpu_oom_weights',
  'gpu_oom_kv_cache',
  'gpu_oom_compute_buffer',
  'host_oom',
  'gpu_not_detected',
  'driver_or_toolkit_mismatch',
  'model_load_format',
  'context_exceeds_limit',
  'flash_attention_unsupported',
  'slow_partial_offload',
  'slow_long_context',
  'cpu_unsupported_instructions',
  'unknown',
]);
export type Category = z.infer<typeof CategorySchema>;
export const CATEGORIES = CategorySchema.options;

/** Where a log comes from: the recipe runtimes plus the front-ends and servers built on llama.cpp. */
export const LogRuntimeSchema = z.enum([...RuntimeSchema.options, 'llama-cpp-python', 'koboldcpp', 'text-generation-webui', 'localai', 'jan', 'gpt4all']);
export type LogRuntime = z.infer<typeof LogRuntimeSchema>;

export const BackendSchema = z.enum(['cuda', 'rocm', 'metal', 'vulkan', 'sycl', 'cpu']);
export type Backend = z.infer<typeof BackendSchema>;

/** A pattern over one log line. Named groups (`(?<contextSize>\d+)`) become extracted facts. */
export const SignatureSchema = z
  .object({
    /** A JavaScript regex source in the dialect of `regexAnchors.ts`, matched case-insensitively. */
    pattern: z.string().min(3),
    /** How much a match counts. 8–10 decides on its own; 1–4 supports; negative argues against. */
    weight: z.number().int().min(-10).max(10),
    /** What the line means, shown beside the evidence. */
    note: z.string().optional(),
    /**
     * The line places a failure (a traceback frame, a stage) without saying it happened: it adds its weight only
     * beside another positive match, so that a frame alone never makes the entry.
     */
    support: z.literal(true).optional(),
  })
  .strict();
export type Signature = z.infer<typeof SignatureSchema>;

const comparison = z.enum(['lt', 'le', 'gt', 'ge', 'eq', 'ne']);

/** A condition over a live runtime's facts (what an audit read); it never holds on a log. */
export const LiveConditionSchema = z
  .object({
    kind: z.literal('live'),
    fact: LiveFactNameSchema,
    /** `present` / `absent`: whether the runtime (or the user) gave the fact at all; `contains`: text holding `value`, whatever the case. */
    op: z.union([comparison, z.literal('present'), z.literal('absent'), z.literal('contains')]),
    value: z.union([z.number(), z.string(), z.boolean()]).optional(),
    /** Compare with another live fact instead of a value. */
    ref: LiveFactNameSchema.optional(),
    /** Multiply the other side first (`ref × factor`). Defaults to 1. */
    factor: z.number().positive().optional(),
    weight: z.number().int().min(-10).max(10),
    note: z.string(),
  })
  .strict();
export type LiveCondition = z.infer<typeof LiveConditionSchema>;

/** A condition over extracted facts, speed samples, or probe steps. */
export const ConditionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('fact'),
      fact: FactNameSchema,
      /** `present` holds when the log yielded the fact at all. */
      op: z.union([comparison, z.literal('present')]),
      value: z.union([z.number(), z.string(), z.boolean()]).optional(),
      /** Compare with another fact instead of a value. */
      ref: FactNameSchema.optional(),
      /** Multiply the other side first (`ref × factor`). Defaults to 1. */
      factor: z.number().positive().optional(),
      weight: z.number().int().min(-10).max(10),
      note: z.string(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('speedDrop'),
      /** Speed at the deepest context ÷ speed at the shallowest, at most. */
      maxRatio: z.number().positive().max(1),
      /** Alternatively: a steady decline over at least this many samples. */
      monotonicSamples: z.number().int().min(3).optional(),
      weight: z.number().int().min(-10).max(10),
      note: z.string(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('offloadSlower'),
      /** Some partial GPU offload ran slower than no offload in the same benchmark. */
      weight: z.number().int().min(-10).max(10),
      note: z.string(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('probeFlip'),
      /** A probe step failed with this setting and another one passed at the same context with the other value. */
      setting: z.enum(['flashAttention', 'kvQuantized']),
      failingValue: z.boolean(),
      outcome: z.enum(['oom', 'crashed', 'error']),
      /** Up to 20: a change measured to fix the failure outweighs any wording. */
      weight: z.number().int().min(-10).max(20),
      note: z.string(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('probeOutcome'),
      outcome: z.enum(['oom', 'crashed', 'error']),
      /** Where it failed; any stage when left out. */
      stage: z.enum(['load', 'context', 'eval']).optional(),
      weight: z.number().int().min(-10).max(10),
      note: z.string(),
    })
    .strict(),
  LiveConditionSchema,
]);
export type Condition = z.infer<typeof ConditionSchema>;

/**
 * How a fix's number follows what the log says, when it says it: a factor of the current value, or
 * for the context `fitPrompt` (large enough for the prompt that did not fit) and `fitMemory` (the
 * largest that fits the free memory, else half).
 */
export const AdjustSchema = z
  .object({
    contextSize: z.union([z.number().positive().max(1), z.enum(['fitPrompt', 'fitMemory'])]),
    gpuLayers: z.number().positive().max(1),
    batchSize: z.number().positive().max(1),
    ubatchSize: z.number().positive().max(1),
  })
  .partial()
  .strict();

/** The command-line (or setting) text for one runtime. `{contextSize}`-style placeholders take the change's values. */
export const CommandsSchema = z.partialRecord(RuntimeSchema, z.string().min(1));
export type Commands = z.infer<typeof CommandsSchema>;

export const FixSchema = z
  .object({
    title: z.string().min(3),
    /** The settings a recipe applies and a probe can verify. */
    change: SettingsChangeSchema.refine((c) => Object.keys(c).length > 0, 'A fix must change something.'),
    adjust: AdjustSchema.optional(),
    commands: CommandsSchema,
    /** What it costs or why it works, in one sentence. */
    note: z.string().optional(),
  })
  .strict();
export type Fix = z.infer<typeof FixSchema>;

/** How the audit writes a finding's message and fix: the wording and arithmetic live in code (src-shared/domain/audit/findingWriters.ts). */
export const AUDIT_WRITERS = ['perSlotDivision', 'contextBelowPrompts', 'slotNearlyFull', 'smallDefaultContext', 'cpuSpill', 'contextAboveVerified', 'cachePressure', 'kvCacheDefaults', 'vllmCacheDtype'] as const;

/**
 * A finding the audit raises on a live runtime when the entry's live conditions hold: the entry
 * decides whether, with what severity and on which evidence; its writer words it.
 */
export const AuditRuleSchema = z
  .object({
    /** The finding's stable id (`per_slot_division`, `cpu_spill`…). */
    finding: z.string().regex(/^[a-z]+(?:_[a-z]+)*$/, 'finding ids are snake_case'),
    runtimes: z.array(AuditRuntimeSchema).min(1),
    /** Scored as an entry's conditions are: the weights of those that hold add up. */
    when: z.array(LiveConditionSchema).min(1),
    /** The score at which the finding is raised. Defaults to every positive weight (all must hold). */
    threshold: z.number().positive().optional(),
    severity: z.enum(['error', 'warning', 'info']),
    /** A worse severity when all of these hold too (`promptTokens` above the context makes a warning an error). */
    escalate: z.object({ severity: z.enum(['error', 'warning']), when: z.array(LiveConditionSchema).min(1) }).strict().optional(),
    /** The facts cited as evidence, in order (those the runtime did not give are left out). Defaults to the facts of the conditions that hold. */
    evidence: z.array(LiveFactNameSchema).optional(),
    write: z.enum(AUDIT_WRITERS),
  })
  .strict();
export type AuditRule = z.infer<typeof AuditRuleSchema>;

/** Runtime versions with the issue, per runtime: `{"ollama": "0.31.2", "llama-server": ">=b7371 <b7394"}` (see versionRange.ts). */
export const VersionsSchema = z.partialRecord(AuditRuntimeSchema, z.string().min(1)).superRefine((versions, ctx) => {
  for (const [runtime, range] of Object.entries(versions)) {
    try {
      parseVersionRange(runtime, range!);
    } catch (error) {
      if (!(error instanceof VersionRangeError)) throw error;
      ctx.addIssue({ code: 'custom', path: [runtime], message: error.message });
    }
  }
});

export const KnowledgeEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are kebab-case'),
    title: z.string().min(10),
    category: CategorySchema,
    runtimes: z.array(LogRuntimeSchema).min(1),
    backends: z.array(BackendSchema).min(1),
    signatures: z.array(SignatureSchema).default([]),
    conditions: z.array(ConditionSchema).default([]),
    /** The score at which the entry counts as matched. Defaults to 5. */
    threshold: z.number().positive().default(5),
    /** Why it happens, in plain words. */
    cause: z.string().min(20),
    /** Ordered: the first is the one to try first. */
    fixes: z.array(FixSchema).min(1),
    /** Public threads where this failure was reported (`owner/repo#N`). */
    references: z.array(z.string().regex(/^[\w.-]+\/[\w.-]+#\d+$/)).min(1),
    /** Findings an audit raises on a live runtime from this entry. Defaults to none. */
    audit: z.array(AuditRuleSchema).optional(),
    /** Runtime versions known to have this issue: an audit of a runtime at such a version raises it, with the references as evidence and the first fix (the upgrade). */
    versions: VersionsSchema.optional(),
    /** Live conditions the known issue of `versions` also needs (the kind of model it hits); all must hold. Defaults to none. */
    versionScope: z.array(LiveConditionSchema).optional(),
  })
  .strict()
  .refine((e) => e.signatures.length + e.conditions.length + (e.audit?.length ?? 0) + Object.keys(e.versions ?? {}).length > 0, 'An entry needs at least one signature, condition, audit rule or version range.')
  .refine((e) => e.versionScope === undefined || e.versions !== undefined, 'versionScope narrows a version range: the entry needs versions.');
export type KnowledgeEntry = z.infer<typeof KnowledgeEntrySchema>;
