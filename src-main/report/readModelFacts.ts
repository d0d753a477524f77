import type { ModelFacts } from '../../src-shared/domain/recipe/recipeModel.js';

/**
 * The GGUF facts a recipe needs (architecture, layer count, trained context), or null when the
 * file cannot be read here (moved, or a preset that was never written).
 */
export async function readModelFacts(_path: string): Promise<ModelFacts | null> {
  return null;
}
