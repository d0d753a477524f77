import { z } from 'zod';
import { SettingsChangeSchema } from '../../contract/settings.js';
import { ModelGeometrySchema } from '../../domain/models/ModelGeometry.js';
import { CommandsSchema } from '../KnowledgeEntry.js';
import { DiagnosisSchema } from '../Diagnosis.js';

/** Where a run ran out of memory, in the troubleshooter's words. */
export const OomPhaseSchema = z.enum(['load', 'context', 'eval']);
export type OomPhase = z.infer<typeof OomPhaseSchema>;

/** One part of the memory picture, and where its number comes from. */
export const MemoryPartSchema = z.object({
  mib: z.number().nonnegative(),
  source: z.enum(['log', 'estimate', 'failed allocation']),
});
export type MemoryPart = z.infer<typeof MemoryPartSchema>;

export const MemoryPictureSchema = z.object({
  device: z.string().nullable(),
  /** Device memory (VRAM, or the Metal working set). */
  totalMiB: z.number().nonnegative().nullable(),
  /** Free when the allocation failed (the log's number, else the hardware probe's). */
  freeMiB: z.number().nonnegative().nullable(),
  /** The allocation that failed. */
  requestedMiB: z.number().nonnegative().nullable(),
  /** What was missing: requested − free. */
  gapMiB: z.number().nullable(),
  weights: MemoryPartSchema.nullable(),
  kvCache: MemoryPartSchema.nullable(),
  compute: MemoryPartSchema.nullable(),
});
export type MemoryPicture = z.infer<typeof MemoryPictureSchema>;

/** The settings the failing run used, as far as the log says. */
export const RunSettingsSchema = SettingsChangeSchema.pick({ contextSize: true, flashAttention: true, typeK: true, typeV: true, gpuLayers: true, batchSize: true, ubatchSize: true, parallel: true });
export type RunSettings = z.infer<typeof RunSettingsSchema>;

export const RankedFixSchema = z.object({
  title: z.string(),
  change: SettingsChangeSchema,
  commands: CommandsSchema,
  note: z.string().optional(),
  expected: z.string().optional(),
  /** MiB the change should free, by the memory model or the log's numbers. Null when unknown. */
  savingMiB: z.number().nullable(),
  /** Whether the saving covers what was missing; null when either is unknown. */
  closesGap: z.boolean().nullable(),
  /** The knowledge-base entry the fix comes from. */
  entry: z.string(),
  /** Whether a probe step can check it (settings a probe can apply, not a driver action). */
  verifiable: z.boolean(),
});
export type RankedFix = z.infer<typeof RankedFixSchema>;

export const OomAnalysisSchema = z.object({
  diagnosis: DiagnosisSchema,
  /** Whether the best match is an out-of-memory failure at all. */
  isOom: z.boolean(),
  phase: OomPhaseSchema.nullable(),
  /** One sentence: where memory ran out and what was being allocated. */
  phaseText: z.string(),
  picture: MemoryPictureSchema,
  settings: RunSettingsSchema,
  /** The model's shape as the log prints it (enough for the memory model), or null. */
  geometry: ModelGeometrySchema.nullable(),
  fixes: z.array(RankedFixSchema),
});
export type OomAnalysis = z.infer<typeof OomAnalysisSchema>;
