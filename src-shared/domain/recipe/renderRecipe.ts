import type { Recipe, RenderedRecipe } from '../../contract/recipe.js';
import type { Runtime } from '../../contract/settings.js';
import { renderLlamaCpp } from './renderLlamaCpp.js';
import { renderLmStudio } from './renderLmStudio.js';
import { renderNodeLlamaCpp } from './renderNodeLlamaCpp.js';
import { renderOllama } from './renderOllama.js';
import { renderVllm } from './renderVllm.js';

/** One pure renderer per runtime. */
export const renderers: Record<Runtime, (recipe: Recipe) => RenderedRecipe> = {
  ollama: renderOllama,
  'llama.cpp': renderLlamaCpp,
  lmstudio: renderLmStudio,
  vllm: renderVllm,
  'node-llama-cpp': renderNodeLlamaCpp,
};

/** The tab order of the Export screen and the report. */
export const RUNTIME_ORDER: Runtime[] = ['ollama', 'llama.cpp', 'lmstudio', 'vllm', 'node-llama-cpp'];

/** Renders a recipe for one runtime; the recipe's own warnings come first. */
export function renderRecipe(recipe: Recipe, runtime: Runtime): RenderedRecipe {
  const rendered = renderers[runtime](recipe);
  return { ...rendered, warnings: [...recipe.warnings.map((w) => w.message), ...rendered.warnings] };
}
