import type { RecipeBuild, RecipeRequest } from '../../src-shared/contract/recipe.js';
import type { Runtime } from '../../src-shared/contract/settings.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import { buildRecipeFromProbe } from '../../src-shared/domain/recipe/buildRecipeFromProbe.js';
import { buildRecipeFromSettings } from '../../src-shared/domain/recipe/buildRecipeFromSettings.js';
import { recipeModelFromPartial, recipeModelFromProbe } from '../../src-shared/domain/recipe/recipeModel.js';
import { renderRecipe, RUNTIME_ORDER } from '../../src-shared/domain/recipe/renderRecipe.js';
import { loadProbe } from './loadProbe.js';
import { readModelFacts } from './readModelFacts.js';

/** Builds the recipe a request asks for and renders it for the runtimes asked (all by default). */
export async function buildRecipe(dataDir: string, request: RecipeRequest, runtimes: Runtime[] = RUNTIME_ORDER): Promise<RecipeBuild> {
  const recipe = await recipeFor(dataDir, request);
  return { recipe, rendered: runtimes.map((runtime) => renderRecipe(recipe, runtime)) };
}

async function recipeFor(dataDir: string, request: RecipeRequest) {
  switch (request.from) {
    case 'probe': {
      const probe = await loadProbe(dataDir, request);
      const model = recipeModelFromProbe(probe.header.model, await readModelFacts(probe.header.model.path));
      return buildRecipeFromProbe({ header: probe.header, steps: probe.steps, model, contextSize: request.contextSize });
    }
    case 'settings': {
      const probe = request.probeId ? await loadProbe(dataDir, { probeId: request.probeId }) : undefined;
      const model = recipeModelFromPartial(request.model, await readModelFacts(request.model.path));
      return buildRecipeFromSettings({ model, settings: request.settings, sources: request.sources, probe });
    }
    case 'estimate':
      throw new HeadroomError('Estimate-only recipes need the memory model, which this build does not have yet.', {
        code: 'estimate_unavailable',
        hint: 'Probe the model instead (`headroom probe MODEL.gguf`), then build the recipe from the probe file.',
      });
  }
}
