import type { ModelGeometry } from '../models/ModelGeometry.js';
import type { ProbeModel } from '../../contract/probe.js';
import type { RecipeModel } from '../../contract/recipe.js';
import { plainText } from '../text/plainText.js';

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
    name: plainText(model.name || fileStem(model.path)) || 'model',
    architecture: facts?.architecture ?? null,
    layerCount: facts?.layerCount ?? null,
    trainedContext: model.trainContextSize ?? facts?.trainedContext ?? null,
    sizeBytes: model.sizeBytes,
    headSizes: facts?.geometry ? headSizesOf(facts.geometry) : null,
  };
}

/** A model given by the caller (the troubleshooter, the CLI): only the path is required. */
export function recipeModelFromPartial(model: Partial<RecipeModel> & { path: string }, facts: ModelFacts | null): RecipeModel {
  return {
    path: model.path,
    name: plainText(model.name ?? fileStem(model.path)) || 'model',
    architecture: model.architecture ?? facts?.architecture ?? null,
    layerCount: model.layerCount ?? facts?.layerCount ?? null,
    trainedContext: model.trainedContext ?? facts?.trainedContext ?? null,
    sizeBytes: model.sizeBytes ?? null,
    headSizes: model.headSizes ?? (facts?.geometry ? headSizesOf(facts.geometry) : null),
  };
}

/** `/a/b/Qwen3-8B-Q4_K_M.gguf` → `Qwen3-8B-Q4_K_M`. */
export function fileStem(path: string): string {
  const file = path.split(/[/\\]/).pop() || path;
  return file.replace(/\.gguf$/i, '') || file;
}

/** The K and V head sizes llama.cpp caches (the MLA latent for converted deepseek2 files; SWA layers may differ). */
export function headSizesOf(geometry: ModelGeometry): NonNullable<RecipeModel['headSizes']> {
  const distinct = (values: (number | null)[]) => [...new Set(values.filter((v): v is number => v !== null && v > 0))];
  return { k: distinct([geometry.keyLength, geometry.keyLengthSwa]), v: distinct([geometry.valueLength, geometry.valueLengthSwa]) };
}
