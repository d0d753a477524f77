import type { ErrorInfo } from '../../contract/envelope.js';
import type { HardwareReport } from '../../contract/hardware.js';
import type { ProbeHeader, ProbeStatus, StepResult } from '../../contract/probe.js';
import type { Recipe, RecipeModel, RenderedRecipe } from '../../contract/recipe.js';
import type { ModelGeometry } from '../models/ModelGeometry.js';
import { verifiedContext } from '../recipe/stepSettings.js';
import { failureDiagnoses } from './failureDiagnoses.js';
import type { Report, ReportDiagnosis, ReportStep } from './Report.js';

/** Everything a report shows, gathered by the main process. */
export interface ReportInput {
  probe: { header: ProbeHeader; steps: StepResult[]; status: ProbeStatus | null };
  model: RecipeModel;
  geometry: ModelGeometry | null;
  /** The machine where the report was written (normally the one that ran the probe). */
  machine: HardwareReport | null;
  recipe: Recipe | null;
  recipeRefusal: ErrorInfo | null;
  rendered: RenderedRecipe[];
  /** Diagnoses of the failed steps. Defaults to one per failed step, from its recorded failure. */
  diagnoses?: ReportDiagnosis[];
  generatedAt: string;
  headroomVersion: string;
}

/** The report of one probe, unredacted (see redactReport). */
export function buildReport(input: ReportInput): Report {
  const { header, steps, status } = input.probe;
  return {
    formatVersion: 1,
    title: `Headroom report: ${input.model.name}`,
    generatedAt: input.generatedAt,
    headroomVersion: input.headroomVersion,
    redacted: false,
    machine: input.machine,
    model: { ...input.model, geometry: input.geometry },
    probe: { id: header.id, mode: header.plan.mode, status, createdAt: header.createdAt, budget: header.plan.budget, steps: steps.map(reportStep) },
    maxContext: { flashAttentionOn: largest(steps, true), flashAttentionOff: largest(steps, false) },
    diagnoses: input.diagnoses ?? failureDiagnoses(steps),
    recipe: input.recipe,
    recipeRefusal: input.recipeRefusal,
    rendered: input.rendered,
  };
}

function reportStep(step: StepResult): ReportStep {
  return {
    id: step.id,
    index: step.index,
    contextSize: step.contextSize,
    flashAttention: step.actualFlashAttention ?? step.flashAttention,
    typeK: step.typeK,
    typeV: step.typeV,
    gpuLayers: step.actualGpuLayers ?? step.gpuLayers,
    batchSize: step.batchSize,
    threads: step.actualThreads ?? step.threads,
    backend: step.actualBackend ?? step.backend,
    outcome: step.outcome,
    promptTokensPerSecond: step.promptTokensPerSecond,
    generationTokensPerSecond: step.generationTokensPerSecond,
    timeToFirstTokenMs: step.timeToFirstTokenMs,
    peakRssBytes: step.peakRssBytes,
    vramPeakBytes: step.vramPeakBytes,
    kvBytes: step.reported?.kvBytes ?? null,
    failure: step.failure ? `${step.failure.classification}${step.failure.signal ? ` (${step.failure.signal})` : ''}: ${step.failure.message}` : null,
  };
}

function largest(steps: StepResult[], flashAttention: boolean): Report['maxContext']['flashAttentionOn'] {
  const passing = steps.filter((s) => s.outcome === 'ok' && (s.actualFlashAttention ?? s.flashAttention) === flashAttention);
  if (passing.length === 0) return null;
  const best = passing.reduce((a, b) => (verifiedContext(b) > verifiedContext(a) ? b : a));
  return { contextSize: verifiedContext(best), stepId: best.id };
}
