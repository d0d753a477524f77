import { z } from 'zod';
import { KvCacheTypeSchema, SettingsChangeSchema } from '../contract/settings.js';
import { FactsSchema, SpeedSampleSchema } from './Facts.js';
import { BackendSchema, CategorySchema, CommandsSchema, LogRuntimeSchema } from './KnowledgeEntry.js';

/** A line of the log that made the matcher decide, numbered from 1. */
export const EvidenceSchema = z.object({
  line: z.number().int().positive(),
  text: z.string(),
  /** What the line means. */
  note: z.string().optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** A fix with its numbers filled in from the log, and its command lines. */
export const ConcreteFixSchema = z.object({
  title: z.string(),
  change: SettingsChangeSchema,
  commands: CommandsSchema,
  note: z.string().optional(),
  /** What the change should save or allow, from the log's numbers ("KV cache 8,192 MiB → 4,352 MiB"). */
  expected: z.string().optional(),
});
export type ConcreteFix = z.infer<typeof ConcreteFixSchema>;

export const MatchSchema = z.object({
  id: z.string(),
  category: CategorySchema,
  title: z.string(),
  cause: z.string(),
  /** 0–1, from the weights of what matched. */
  confidence: z.number().min(0).max(1),
  score: z.number(),
  evidence: z.array(EvidenceSchema),
  extracted: FactsSchema,
  fixes: z.array(ConcreteFixSchema),
  references: z.array(z.string()),
});
export type Match = z.infer<typeof MatchSchema>;

export const DiagnosisSchema = z.object({
  /** The best match's category, or `unknown` when nothing matched. */
  category: CategorySchema,
  matches: z.array(MatchSchema),
  /** What the log says about itself, whether or not an entry matched. */
  extracted: FactsSchema,
  speeds: z.array(SpeedSampleSchema),
  runtime: LogRuntimeSchema.nullable(),
  backend: BackendSchema.nullable(),
  lines: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
});
export type Diagnosis = z.infer<typeof DiagnosisSchema>;

/** Where a probe step stopped, in the words of the troubleshooter. */
export const OomStageSchema = z.enum(['load', 'context', 'eval']);
export type OomStage = z.infer<typeof OomStageSchema>;

/** A probe step as evidence: its settings, how it ended, and the log it left. */
export const ProbeEvidenceSchema = z.object({
  contextSize: z.number().int().positive(),
  flashAttention: z.boolean(),
  typeK: KvCacheTypeSchema,
  typeV: KvCacheTypeSchema,
  outcome: z.enum(['ok', 'oom', 'crashed', 'timeout', 'error', 'cancelled']),
  stage: OomStageSchema.nullable(),
  promptTokensPerSecond: z.number().nonnegative().nullable(),
  generationTokensPerSecond: z.number().nonnegative().nullable(),
  /** The worker's stderr (llama.cpp's log lines). */
  log: z.array(z.string()).max(2000),
});
export type ProbeEvidence = z.infer<typeof ProbeEvidenceSchema>;
