import type { RecipeModel, RecipeNote, RecipeSettings } from '../../contract/recipe.js';
import { isQuantizedKv, kvBlockSize } from './kvTypes.js';

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
  if (settings.flashAttention !== false && model.headSizes !== null) {
    for (const [label, type, sizes] of [['K', settings.typeK, model.headSizes.k], ['V', settings.typeV, model.headSizes.v]] as const) {
      if (type === undefined || !isQuantizedKv(type)) continue;
      const bad = sizes.filter((size) => size % kvBlockSize(type) !== 0);
      if (bad.length === 0) continue;
      out.push({
        code: 'kv_block_size',
        message: `A ${type} ${label} cache stores blocks of ${kvBlockSize(type)} values, which do not divide this model's ${label} head size (${bad.join(', ')}): with flash attention on (or auto) llama.cpp refuses to create the context.`,
        hint: `Use f16 for the ${label} cache with this model.`,
      });
    }
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
