import type { RecipeBuild, RecipeRequest } from '../../src-shared/contract/recipe.js';
import type { Runtime } from '../../src-shared/contract/settings.js';
import { buildRecipeFromEstimate } from '../../src-shared/domain/recipe/buildRecipeFromEstimate.js';
import { buildRecipeFromProbe } from '../../src-shared/domain/recipe/buildRecipeFromProbe.js';
import { buildRecipeFromSettings } from '../../src-shared/domain/recipe/buildRecipeFromSettings.js';
import { suggestionsFromMatches } from '../../src-shared/domain/recipe/suggestionsFromMatches.js';
import { stepSettings, verifiedContext } from '../../src-shared/domain/recipe/stepSettings.js';
import type { StepResult } from '../../src-shared/contract/probe.js';
import { fileStem, recipeModelFromPartial, recipeModelFromProbe } from '../../src-shared/domain/recipe/recipeModel.js';
import { renderRecipe, RUNTIME_ORDER } from '../../src-shared/domain/recipe/renderRecipe.js';
import { sharedHardwareProbe } from '../hardware/sharedHardwareProbe.js';
import type { HandlerContext } from '../ipc/HandlerContext.js';
import { readGgufSummary } from '../models/gguf/readGgufSummary.js';
import { estimateTarget } from './estimateTarget.js';
import { loadProbe } from './loadProbe.js';
import { readModelFacts } from './readModelFacts.js';
import { stepMatcher } from './diagnoseSteps.js';

type Context = Pick<HandlerContext, 'dataDir' | 'launchWorker' | 'workerEnv' | 'confined'>;

/** Builds the recipe a request asks for and renders it for the runtimes asked (all by default). */
export async function buildRecipe(ctx: Context, request: RecipeRequest, runtimes: Runtime[] = RUNTIME_ORDER): Promise<RecipeBuild> {
  const recipe = await recipeFor(ctx, request);
  return { recipe, rendered: runtimes.map((runtime) => renderRecipe(recipe, runtime)) };
}

async function recipeFor(ctx: Context, request: RecipeRequest) {
  switch (request.from) {
    case 'probe': {
      const probe = await loadProbe(ctx.dataDir, request, ctx.confined);
      const model = recipeModelFromProbe(probe.header.model, await readModelFacts(probe.header.model.path));
      return buildRecipeFromProbe({ header: probe.header, steps: probe.steps, model, contextSize: request.contextSize, knowledgeSuggestions: knowledgeSuggestions(probe.steps, request.contextSize), unreadableLines: probe.badLines });
    }
    case 'settings': {
      const probe = request.probeId ? await loadProbe(ctx.dataDir, { probeId: request.probeId }) : undefined;
      const model = recipeModelFromPartial(request.model, await readModelFacts(request.model.path));
      return buildRecipeFromSettings({ model, settings: request.settings, sources: request.sources, probe });
    }
    case 'estimate': {
      // A file that cannot be read is the user's error to fix: let the reader's GgufReadError through.
      const summary = await readGgufSummary(request.modelPath, { opaque: ctx.confined });
      const model = recipeModelFromPartial(
        { path: request.modelPath, name: summary.name ?? fileStem(request.modelPath), sizeBytes: summary.sizeBytes },
        { architecture: summary.architecture, layerCount: summary.geometry.layers, trainedContext: summary.geometry.contextLength || null, geometry: summary.geometry },
      );
      const hardware = await sharedHardwareProbe({ launch: ctx.launchWorker, env: ctx.workerEnv });
      const tensors = summary.tensors.map((t) => ({ name: t.name, bytes: t.bytes }));
      return buildRecipeFromEstimate({ model, geometry: summary.geometry, tensors, contextSize: request.contextSize, target: estimateTarget(hardware) });
    }
  }
}

/** The knowledge base's fixes for the steps that failed above the largest verified context. */
function knowledgeSuggestions(steps: StepResult[], wanted: number | undefined) {
  const passing = steps.filter((s) => s.outcome === 'ok');
  if (wanted === undefined || passing.length === 0) return [];
  const best = passing.reduce((a, b) => (verifiedContext(b) > verifiedContext(a) ? b : a));
  const matchesOf = stepMatcher(steps);
  const failedAbove = steps.filter((s) => s.outcome !== 'ok' && s.contextSize > verifiedContext(best));
  return suggestionsFromMatches(failedAbove.flatMap(matchesOf), stepSettings(best));
}
