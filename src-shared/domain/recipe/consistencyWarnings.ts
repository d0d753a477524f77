import type { RecipeModel, RecipeNote, RecipeSettings } from '../../contract/recipe.js';
import { isQuantizedKv } from './kvTypes.js';

/** Problems any runtime would have with these settings, whatever their source. */
export function consistencyWarnings(settings: RecipeSettings, model: RecipeModel): RecipeNote[] {
  const out: RecipeNote[] = [];
  if (isQuantizedKv(settings.typeV) && settings.flashAttention === false) {
    out.push({
      code: 'quantized_v_needs_flash_attention',
      message: `A quantized V cache (${settings.typeV}) needs flash attention, which these settings turn off: llama.cpp refuses to create such a context.`,
      hint: 'Turn flash attention on (or auto), or use an f16 V cache.',
    });
  }
  if (model.trainedContext !== null && settings.contextSize > model.trainedContext) {
    out.push({
      code: 'beyond_trained_context',
      message: `The context (${settings.contextSize}) is larger than the model was trained for (${model.trainedContext}); quality past it is not guaranteed, and llama-server and Ollama cap it at ${model.trainedContext}.`,
      hint: `Use at most ${model.trainedContext}, or a model trained (or RoPE-scaled) for longer contexts.`,
    });
  }
  return out;
}
