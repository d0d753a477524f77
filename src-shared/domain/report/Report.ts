import { z } from 'zod';
import { ErrorInfoSchema } from '../../contract/envelope.js';
import { HardwareReportSchema } from '../../contract/hardware.js';
import { MemoryBudgetSchema, ProbeModeSchema, ProbeStatusSchema, StepOutcomeSchema } from '../../contract/probe.js';
import { RecipeModelSchema, RecipeSchema, RenderedRecipeSchema } from '../../contract/recipe.js';
import { GpuLayersSchema, KvCacheTypeSchema } from '../../contract/settings.js';
import { ModelGeometrySchema } from '../models/ModelGeometry.js';

// The shareable report of one probe: what `headroom report --format json` prints, and what the
// Markdown and HTML renderers read.

const nullableNumber = z.number().nullable();

/** One row of the probe table. */
export const ReportStepSchema = z.object({
  id: z.string(),
  index: z.number().int(),
  contextSize: z.number().int(),
  flashAttention: z.boolean(),
  typeK: KvCacheTypeSchema,
  typeV: KvCacheTypeSchema,
  gpuLayers: GpuLayersSchema,
  batchSize: z.number().int(),
  threads: z.number().int(),
  backend: z.string(),
  outcome: StepOutcomeSchema,
  promptTokensPerSecond: nullableNumber,
  generationTokensPerSecond: nullableNumber,
  timeToFirstTokenMs: nullableNumber,
  peakRssBytes: nullableNumber,
  vramPeakBytes: nullableNumber,
  kvBytes: nullableNumber,
  /** Why it failed, in one line (null when it passed). */
  failure: z.string().nullable(),
});
export type ReportStep = z.infer<typeof ReportStepSchema>;

/** The largest context that passed with one flash attention setting, and the step that shows it. */
export const ReportMaxSchema = z.object({ contextSize: z.number().int(), stepId: z.string() }).nullable();

/** A failed step explained: the failure, and the lines of the log that say so. */
export const ReportDiagnosisSchema = z.object({
  stepId: z.string(),
  title: z.string(),
  detail: z.string(),
  evidence: z.array(z.string()),
  /** What to change, from the knowledge base where an entry matched. */
  fixes: z.array(z.string()),
});
export type ReportDiagnosis = z.infer<typeof ReportDiagnosisSchema>;

export const ReportSchema = z.object({
  formatVersion: z.literal(1),
  title: z.string(),
  generatedAt: z.string(),
  headroomVersion: z.string(),
  /** Paths and secrets were replaced (`~`, `[redacted]`). */
  redacted: z.boolean(),
  machine: HardwareReportSchema.nullable(),
  model: RecipeModelSchema.extend({ geometry: ModelGeometrySchema.nullable() }),
  probe: z.object({
    id: z.string(),
    mode: ProbeModeSchema,
    status: ProbeStatusSchema.nullable(),
    createdAt: z.string(),
    budget: MemoryBudgetSchema.nullable(),
    steps: z.array(ReportStepSchema),
  }),
  maxContext: z.object({ flashAttentionOn: ReportMaxSchema, flashAttentionOff: ReportMaxSchema }),
  diagnoses: z.array(ReportDiagnosisSchema),
  recipe: RecipeSchema.nullable(),
  /** Why there is no recipe (no passing step). */
  recipeRefusal: ErrorInfoSchema.nullable(),
  rendered: z.array(RenderedRecipeSchema),
});
export type Report = z.infer<typeof ReportSchema>;
