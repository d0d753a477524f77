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

/**
 * Where a candidate comes from: a knowledge-base entry, a generic failure family, similarity to known
 * logs, or (only when nothing was recognised and the diagnosis is `unknown`) a resemblance: a category
 * whose logs this one reads like, too weakly to be called a diagnosis.
 */
export const CandidateBasisSchema = z.enum(['entry', 'family', 'similarity', 'resemblance']);
export type CandidateBasis = z.infer<typeof CandidateBasisSchema>;

/** One possible cause of the failure; `diagnose` ranks up to three, each of a different category. */
export const CandidateSchema = z.object({
  category: CategorySchema,
  /** 0–1; candidates are ordered by it. */
  confidence: z.number().min(0).max(1),
  basis: CandidateBasisSchema,
  /** The knowledge-base entry behind it (null for a family or similarity candidate). */
  entryId: z.string().nullable(),
  title: z.string(),
  evidence: z.array(EvidenceSchema),
  /** The fact that sets this candidate apart from the others ("the allocation failed while the context was created"). */
  decidingFact: z.string(),
  /** What to change: the entry's fixes made concrete, or the category's generic fixes for a family or similarity candidate. */
  fixes: z.array(ConcreteFixSchema).optional(),
});
export type Candidate = z.infer<typeof CandidateSchema>;

/** The one question that separates two close candidates; answering it re-ranks them. */
export const SeparatingQuestionSchema = z.object({
  /** Stable id, the key of `DiagnoseRequest.answers` ("stage"). */
  id: z.string(),
  text: z.string(),
  answers: z
    .array(z.object({ id: z.string(), label: z.string(), favours: CategorySchema }))
    .min(2),
});
export type SeparatingQuestion = z.infer<typeof SeparatingQuestionSchema>;

export const DiagnosisSchema = z.object({
  /** The best candidate's category, or `unknown` only when nothing relevant is in the log. */
  category: CategorySchema,
  /**
   * Up to three distinct categories, best first. When `category` is `unknown` they are only
   * resemblances (basis `resemblance`): what the log reads most like, for the user to check.
   */
  candidates: z.array(CandidateSchema).max(3),
  /** Asked when the first two candidates are close; null otherwise, or once it was answered. */
  question: SeparatingQuestionSchema.nullable(),
  /** What to paste or check next (always given when `category` is `unknown`). */
  nextSteps: z.array(z.string()),
  matches: z.array(MatchSchema),
  /** What the generic layer recognised, whatever the wording: each family's score, the memory and the stage. */
  families: z
    .object({
      signals: z.record(z.string(), z.number()),
      resource: z.enum(['vram', 'unified', 'ram', 'addressSpace']).nullable(),
      stage: z.enum(['weights', 'kv', 'compute', 'eval']).nullable(),
    })
    .optional(),
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
