import { z } from 'zod';
import { defineChannel } from './defineChannel.js';
import { GpuLayersSchema, KvCacheTypeSchema, RuntimeSchema, SettingsChangeSchema } from './settings.js';

// Check my setup (issue 16): read a running runtime over its HTTP API (and, on this machine, its
// process command line and model file), compare what it runs with what it should, and say each
// finding with its evidence and a fix in that runtime's own syntax.

/** The runtimes an audit can talk to. */
export const AuditRuntimeSchema = z.enum(['ollama', 'llama-server', 'lmstudio', 'vllm']);
export type AuditRuntime = z.infer<typeof AuditRuntimeSchema>;

/** Where each runtime listens unless told otherwise. */
export const DEFAULT_RUNTIME_URLS: Record<AuditRuntime, string> = {
  ollama: 'http://127.0.0.1:11434',
  'llama-server': 'http://127.0.0.1:8080',
  lmstudio: 'http://127.0.0.1:1234',
  vllm: 'http://127.0.0.1:8000',
};

/** The recipe renderer that writes a runtime's fix lines. */
export const RECIPE_RUNTIME: Record<AuditRuntime, z.infer<typeof RuntimeSchema>> = {
  ollama: 'ollama',
  'llama-server': 'llama.cpp',
  lmstudio: 'lmstudio',
  vllm: 'vllm',
};

/** The longest an audit waits for one runtime, all its requests together. */
export const MAX_AUDIT_TIMEOUT_MS = 3000;

/** One fact a finding rests on, and where it was read. */
export const AuditEvidenceSchema = z.object({
  /** `GET /props`, `process command line`, `GGUF metadata`, `probe <id>`, `you said`… */
  source: z.string(),
  field: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
});
export type AuditEvidence = z.infer<typeof AuditEvidenceSchema>;

/** What to change, as the runtime spells it. */
export const AuditFixSchema = z.object({
  /** The runtime the line is for; null when no runtime answered. */
  runtime: AuditRuntimeSchema.nullable(),
  title: z.string(),
  /** The line to set: flags, a Modelfile line, an environment variable, or a command. */
  line: z.string(),
  /** The same change in the shared settings vocabulary (what a probe can verify). */
  change: SettingsChangeSchema,
  /** The whole corrected command line or file, where the audit knows enough to write it. */
  command: z.string().nullable(),
});
export type AuditFix = z.infer<typeof AuditFixSchema>;

export const FindingSeveritySchema = z.enum(['error', 'warning', 'info']);
export type FindingSeverity = z.infer<typeof FindingSeveritySchema>;

export const FindingSchema = z.object({
  /** Stable: `per_slot_division`, `cpu_spill`, `unreachable`… */
  id: z.string(),
  severity: FindingSeveritySchema,
  message: z.string(),
  evidence: z.array(AuditEvidenceSchema).min(1),
  fix: AuditFixSchema,
  /** The knowledge-base entry that explains this failure when it happens, or null. */
  knowledgeEntry: z.string().nullable(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** What the runtime runs with; null where it does not say and the audit could not read it. */
export const LiveSettingsSchema = z.object({
  /** The context the server was given: llama-server `-c` (the pool its slots share), Ollama num_ctx, LM Studio context_length, vLLM max_model_len. */
  contextSize: z.number().int().positive().nullable(),
  slots: z.number().int().positive().nullable(),
  /** Tokens one request can hold. */
  perSlotContext: z.number().int().positive().nullable(),
  gpuLayers: GpuLayersSchema.nullable(),
  flashAttention: z.union([z.boolean(), z.literal('auto')]).nullable(),
  typeK: KvCacheTypeSchema.nullable(),
  typeV: KvCacheTypeSchema.nullable(),
});
export type LiveSettings = z.infer<typeof LiveSettingsSchema>;

/** A model the runtime has loaded. */
export const LiveModelSchema = z.object({
  name: z.string(),
  /** The model file, where the runtime says it (llama-server) and it is on this machine. */
  path: z.string().nullable(),
  contextSize: z.number().int().positive().nullable(),
  trainedContext: z.number().int().positive().nullable(),
  layers: z.number().int().positive().nullable(),
  /** Bytes the runtime holds for it (weights, cache, buffers), where it says. */
  sizeBytes: z.number().nonnegative().nullable(),
  vramBytes: z.number().nonnegative().nullable(),
  /** Share of the model on the CPU, 0–1, where it can be known. */
  cpuShare: z.number().min(0).max(1).nullable(),
});
export type LiveModel = z.infer<typeof LiveModelSchema>;

/** One request the audit made. */
export const EndpointReadSchema = z.object({
  path: z.string(),
  /** `ok`, or why not: `refused`, `timeout`, `http_404`, `malformed`, `not_json`… */
  outcome: z.string(),
  ms: z.number().nonnegative(),
});
export type EndpointRead = z.infer<typeof EndpointReadSchema>;

export const RuntimeAuditSchema = z.object({
  /** What answered; null when nothing (or something else) did. */
  kind: AuditRuntimeSchema.nullable(),
  url: z.string(),
  reachable: z.boolean(),
  version: z.string().nullable(),
  settings: LiveSettingsSchema,
  models: z.array(LiveModelSchema),
  findings: z.array(FindingSchema),
  endpoints: z.array(EndpointReadSchema),
  /** Where each setting came from, e.g. `{typeK: "process command line"}`. */
  settingSources: z.record(z.string(), z.string()),
});
export type RuntimeAudit = z.infer<typeof RuntimeAuditSchema>;

export const AuditReportSchema = z.object({
  runtimes: z.array(RuntimeAuditSchema),
  checkedAt: z.string(),
});
export type AuditReport = z.infer<typeof AuditReportSchema>;

export const AuditRequestSchema = z
  .object({
    /** Audit only this runtime. Defaults to every runtime at its default URL (or, with `url`, whichever answers there). */
    runtime: AuditRuntimeSchema.optional(),
    /** Where it listens. Defaults to the runtime's default URL. */
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'Only http:// and https:// URLs.')
      .optional(),
    /** The longest prompt (plus reply) the user sends, in tokens: the context must hold it. Defaults to none. */
    promptTokens: z.number().int().positive().optional(),
    /** Time-out per runtime, all requests together. Defaults to 3000 ms (the most). */
    timeoutMs: z.number().int().min(100).max(MAX_AUDIT_TIMEOUT_MS).default(MAX_AUDIT_TIMEOUT_MS),
  })
  .strict();
export type AuditRequest = z.input<typeof AuditRequestSchema>;

export const auditChannels = {
  'audit:run': defineChannel({
    summary: 'Check a running Ollama, llama-server, LM Studio or vLLM: its live settings, and findings with evidence and a fix.',
    input: AuditRequestSchema,
    output: AuditReportSchema,
  }),
};

/**
 * A journal folder to read instead of this machine's journal (`journalctl --directory`): a copy of a
 * server's or a container's /var/log/journal. Defaults to HEADROOM_JOURNAL_DIR, else this machine's journal.
 */
export const JournalDirSchema = z.string().min(1);

/** A place a runtime's log was looked for. */
export const LogLocationSchema = z.object({
  runtime: AuditRuntimeSchema,
  kind: z.enum(['file', 'journald']),
  /** The file, or `journalctl -u UNIT` for journald. */
  path: z.string(),
  /** The journal folder the unit was found in (`journalctl --directory`), or null: this machine's journal, or a file. */
  journalDir: z.string().nullable(),
  exists: z.boolean(),
  sizeBytes: z.number().int().nonnegative().nullable(),
  modifiedAt: z.string().nullable(),
  /** Where the convention comes from. */
  note: z.string(),
});
export type LogLocation = z.infer<typeof LogLocationSchema>;

export const LogDiagnosisSchema = z.object({
  path: z.string(),
  /** The journal folder read, or null (this machine's journal, or a file). */
  journalDir: z.string().nullable(),
  runtime: AuditRuntimeSchema.nullable(),
  /** The line the last start begins at (1 when the tail holds no start line). */
  startLine: z.number().int().positive(),
  /** Lines read (since the last start, within the tail read). */
  lines: z.number().int().nonnegative(),
  /** The knowledge base's best match, or null when nothing matched. */
  best: z.object({ id: z.string(), title: z.string(), category: z.string(), confidence: z.number(), evidence: z.array(z.object({ line: z.number(), text: z.string() })), fixes: z.array(z.string()) }).nullable(),
});
export type LogDiagnosis = z.infer<typeof LogDiagnosisSchema>;

export const auditLogChannels = {
  'audit:logs': defineChannel({
    summary: "Find each runtime's log where it keeps it on this OS (Ollama's server.log or journald, LM Studio's server-logs, a running llama-server's --log-file).",
    input: z.object({ journalDir: JournalDirSchema.optional() }).strict(),
    output: z.object({ logs: z.array(LogLocationSchema) }),
  }),
  'audit:diagnoseLog': defineChannel({
    summary: 'Diagnose the last failure in a runtime log: reads the tail since the last start (read-only), with the user\'s consent.',
    input: z
      .object({
        path: z.string().min(1),
        runtime: AuditRuntimeSchema.optional(),
        journalDir: JournalDirSchema.optional(),
        /** The user agreed that Headroom reads this log. Required. */
        consent: z.literal(true, { error: 'Reading a log needs the user\'s consent: send consent: true.' }),
      })
      .strict(),
    output: LogDiagnosisSchema,
  }),
};

const WatchDiagnosisSchema = LogDiagnosisSchema.shape.best.unwrap();

/** What a log watch reports: it started, the log rotated, or a failure appeared. */
export const WatchEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('watching'), watchId: z.string(), path: z.string(), runtime: AuditRuntimeSchema.nullable(), at: z.string() }),
  z.object({ event: z.literal('rotated'), watchId: z.string(), path: z.string(), at: z.string() }),
  z.object({ event: z.literal('diagnosis'), watchId: z.string(), path: z.string(), at: z.string(), line: z.string(), diagnosis: WatchDiagnosisSchema }),
]);
export type WatchEvent = z.infer<typeof WatchEventSchema>;

export const auditWatchChannels = {
  'audit:watchStart': defineChannel({
    summary: 'Follow a runtime log (read-only, with consent) and push a diagnosis event when a failure appears.',
    input: z
      .object({
        path: z.string().min(1),
        runtime: AuditRuntimeSchema.optional(),
        journalDir: JournalDirSchema.optional(),
        consent: z.literal(true, { error: 'Watching a log needs the user\'s consent: send consent: true.' }),
      })
      .strict(),
    output: z.object({ watchId: z.string() }),
  }),
  'audit:watchStop': defineChannel({
    summary: 'Stop following a log.',
    input: z.object({ watchId: z.string() }).strict(),
    output: z.object({ stopped: z.boolean() }),
  }),
};

export const auditEvents = {
  'audit:onWatchEvent': WatchEventSchema,
};
