import os from 'node:os';
import type { ErrorInfo } from '../../src-shared/contract/envelope.js';
import type { HardwareReport } from '../../src-shared/contract/hardware.js';
import type { Recipe, RenderedRecipe, ReportFile, ReportFormat } from '../../src-shared/contract/recipe.js';
import { toErrorInfo } from '../../src-shared/errors/toErrorInfo.js';
import { buildRecipeFromProbe } from '../../src-shared/domain/recipe/buildRecipeFromProbe.js';
import { recipeModelFromProbe } from '../../src-shared/domain/recipe/recipeModel.js';
import { renderRecipe, RUNTIME_ORDER } from '../../src-shared/domain/recipe/renderRecipe.js';
import { buildReport } from '../../src-shared/domain/report/buildReport.js';
import { redactDeep } from '../../src-shared/domain/report/redact.js';
import { renderReportFile } from '../../src-shared/domain/report/renderReportFile.js';
import { sharedHardwareProbe } from '../hardware/sharedHardwareProbe.js';
import type { HandlerContext } from '../ipc/HandlerContext.js';
import { HEADROOM_VERSION } from './headroomVersion.js';
import { loadProbe, type ProbeLocation } from './loadProbe.js';
import { readModelFacts } from './readModelFacts.js';
import { stepMatcher } from './diagnoseSteps.js';
import { diagnosesFromMatches } from '../../src-shared/domain/report/diagnosesFromMatches.js';

/** What `report:build` takes. */
export interface ReportRequest extends ProbeLocation {
  format: ReportFormat;
  /** Keep home-folder paths and secret-looking strings. */
  keepPaths: boolean;
}

/**
 * Gathers a probe's report (the probe file, the model's metadata, this machine, the recipe or
 * why there is none) and renders it. Redacted unless `keepPaths`.
 */
export async function buildReportFile(ctx: Pick<HandlerContext, 'launchWorker' | 'workerEnv' | 'confined'>, dataDir: string, request: ReportRequest): Promise<ReportFile> {
  const probe = await loadProbe(dataDir, request, ctx.confined);
  const facts = await readModelFacts(probe.header.model.path);
  const model = recipeModelFromProbe(probe.header.model, facts);
  const { recipe, refusal } = tryRecipe(() => buildRecipeFromProbe({ header: probe.header, steps: probe.steps, model, unreadableLines: probe.badLines }));
  const rendered: RenderedRecipe[] = recipe ? RUNTIME_ORDER.map((runtime) => renderRecipe(recipe, runtime)) : [];
  const report = buildReport({
    probe,
    model,
    geometry: facts?.geometry ?? null,
    machine: await machine(ctx),
    recipe,
    recipeRefusal: refusal,
    rendered,
    diagnoses: diagnosesFromMatches(probe.steps, stepMatcher(probe.steps)),
    generatedAt: new Date().toISOString(),
    headroomVersion: HEADROOM_VERSION,
  });
  const shared = request.keepPaths ? report : { ...redactDeep(report, homeDirs()), redacted: true };
  return renderReportFile(shared, request.format);
}

function tryRecipe(build: () => Recipe): { recipe: Recipe | null; refusal: ErrorInfo | null } {
  try {
    return { recipe: build(), refusal: null };
  } catch (error) {
    return { recipe: null, refusal: toErrorInfo(error) };
  }
}

/** This machine, or null when the hardware probe fails: the report is still worth having. */
async function machine(ctx: Pick<HandlerContext, 'launchWorker' | 'workerEnv'>): Promise<HardwareReport | null> {
  try {
    return await sharedHardwareProbe({ launch: ctx.launchWorker, env: ctx.workerEnv });
  } catch {
    return null;
  }
}

function homeDirs(): string[] {
  return [os.homedir(), process.env.HOME ?? '', process.env.USERPROFILE ?? ''].filter(Boolean);
}
