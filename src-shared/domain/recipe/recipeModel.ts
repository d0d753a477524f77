import type { ModelGeometry } from '../models/ModelGeometry.js';
import type { ProbeModel } from '../../contract/probe.js';
import type { RecipeModel } from '../../contract/recipe.js';

/** What GGUF metadata adds to a model record, where it could be read. */
export interface ModelFacts {
  architecture: string | null;
  layerCount: number | null;
  trainedContext: number | null;
  /** The attention shape, for the report. */
  geometry: ModelGeometry | null;
}

/** The model a recipe names: the probe header's record, completed from the GGUF metadata. */
export function recipeModelFromProbe(model: ProbeModel, facts: ModelFacts | null): RecipeModel {
  return {
    path: model.path,
    name: model.name || fileStem(model.path),
    architecture: facts?.architecture ?? null,
    layerCount: facts?.layerCount ?? null,
    trainedContext: model.trainContextSize ?? facts?.trainedContext ?? null,
    sizeBytes: model.sizeBytes,
  };
}

/** A model given by the caller (the troubleshooter, the CLI): only the path is required. */
export function recipeModelFromPartial(model: Partial<RecipeModel> & { path: string }, facts: ModelFacts | null): RecipeModel {
  return {
    path: model.path,
    name: model.name ?? fileStem(model.path),
    architecture: model.architecture ?? facts?.architecture ?? null,
    layerCount: model.layerCount ?? facts?.layerCount ?? null,
    trainedContext: model.trainedContext ?? facts?.trainedContext ?? null,
    sizeBytes: model.sizeBytes ?? null,
  };
}

/** `/a/b/Qwen3-8B-Q4_K_M.gguf` → `Qwen3-8B-Q4_K_M`. */
export function fileStem(path: string): string {
  const file = path.split(/[/\\]/).pop() || path;
  return file.replace(/\.gguf$/i, '') || file;
}
