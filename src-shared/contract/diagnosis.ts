import { z } from 'zod';
import { defineChannel } from './defineChannel.js';
import { DiagnosisSchema, ProbeEvidenceSchema } from '../knowledge/Diagnosis.js';
import { BackendSchema, CategorySchema, LogRuntimeSchema } from '../knowledge/KnowledgeEntry.js';
import { OomAnalysisSchema } from '../knowledge/troubleshoot/OomAnalysis.js';

// Diagnosis (issue 6): the knowledge base, log matching and the out-of-memory troubleshooter.

/** Largest log accepted (the web bridge's body limit is 64 MiB). */
export const MAX_LOG_CHARS = 48 * 1024 * 1024;

const text = z.string().max(MAX_LOG_CHARS, 'The log is larger than 48 MiB: paste the part around the failure.');

export const DiagnoseRequestSchema = z
  .object({
    /** The log. May be empty when `probe` steps are given. */
    text: text.default(''),
    /** The runtime the log comes from; orders ties towards its entries. Defaults to the one its wording shows. */
    runtime: LogRuntimeSchema.optional(),
    /** Probe steps as evidence (their settings, outcomes and stderr). */
    probe: z.array(ProbeEvidenceSchema).max(64).optional(),
    /** Defaults to 5. */
    maxMatches: z.number().int().positive().max(20).optional(),
    /** Answers to separating questions (question id → answer id), which re-rank the candidates. */
    answers: z.record(z.string().max(64), z.string().max(64)).optional(),
  })
  .strict();
export type DiagnoseRequest = z.input<typeof DiagnoseRequestSchema>;

export const AnalyzeOomRequestSchema = DiagnoseRequestSchema.extend({
  /** The GPU the run used, from `hardware:probe`, for the memory picture when the log lacks it. */
  device: z.object({ name: z.string(), totalBytes: z.number().nonnegative(), freeBytes: z.number().nonnegative() }).nullable().optional(),
}).strict();
export type AnalyzeOomRequest = z.input<typeof AnalyzeOomRequestSchema>;

export const EntrySummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  category: CategorySchema,
  runtimes: z.array(LogRuntimeSchema),
  backends: z.array(BackendSchema),
  signatures: z.number().int().nonnegative(),
  conditions: z.number().int().nonnegative(),
  fixes: z.array(z.string()),
  references: z.array(z.string()),
});
export type EntrySummary = z.infer<typeof EntrySummarySchema>;

export const diagnosisChannels = {
  'diagnosis:diagnose': defineChannel({
    summary: 'Diagnose a log (and/or probe steps) against the knowledge base: ranked matches, evidence lines, extracted numbers and concrete fixes.',
    input: DiagnoseRequestSchema,
    output: DiagnosisSchema,
  }),
  'diagnosis:analyzeOom': defineChannel({
    summary: 'Troubleshoot an out-of-memory failure: where memory ran out, the memory picture, and fixes ranked by expected saving.',
    input: AnalyzeOomRequestSchema,
    output: OomAnalysisSchema,
  }),
  'diagnosis:entries': defineChannel({
    summary: 'List the knowledge base: one entry per failure, with its category, runtimes, backends and fixes.',
    input: z.object({}).strict(),
    output: z.object({ entries: z.array(EntrySummarySchema) }),
  }),
};
