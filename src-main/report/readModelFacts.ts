import type { ModelFacts } from '../../src-shared/domain/recipe/recipeModel.js';
import { readGgufSummary } from '../models/gguf/readGgufSummary.js';

/**
 * The GGUF facts a recipe and a report need (architecture, layer count, trained context, attention
 * shape), or null when the file cannot be read here (moved, deleted, or a preset never written).
 */
export async function readModelFacts(path: string): Promise<ModelFacts | null> {
  try {
    const summary = await readGgufSummary(path);
    return { architecture: summary.architecture, layerCount: summary.geometry.layers, trainedContext: summary.geometry.contextLength || null, geometry: summary.geometry };
  } catch {
    return null;
  }
}
