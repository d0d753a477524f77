import type { StepResult } from '../../contract/probe.js';
import type { RecipeModel, RecipeSettings, Suggestion } from '../../contract/recipe.js';
import { isQuantizedKv, kvBlockSize, kvBytesPerElement } from './kvTypes.js';
import { verifiedContext } from './stepSettings.js';

/**
 * Changes that would let `wanted` tokens fit where only `settings.contextSize` was verified, from
 * what llama.cpp's memory layout implies (K/V bytes per element, flash attention's tiled compute
 * buffer, layers moved off the GPU). None is verified: each says to probe it.
 */
export function fitSuggestions(settings: RecipeSettings, model: RecipeModel, wanted: number, steps: StepResult[]): Suggestion[] {
  const out: Suggestion[] = [];
  const tried = (predicate: (s: StepResult) => boolean) => steps.some((s) => predicate(s) && verifiedContext(s) <= wanted && s.outcome !== 'ok');
  if (settings.flashAttention !== true && !tried((s) => s.flashAttention)) {
    out.push({
      title: 'Turn flash attention on',
      why: 'Flash attention computes attention in tiles instead of a full context × context score matrix, so the compute buffer stays small as the context grows. It is slower or unsupported on some GPUs: probe it.',
      change: { flashAttention: true },
      source: 'memory-model',
    });
  }
  const q8Fits = model.headSizes === null || [...model.headSizes.k, ...model.headSizes.v].every((size) => size % kvBlockSize('q8_0') === 0);
  if ((!isQuantizedKv(settings.typeK) || !isQuantizedKv(settings.typeV)) && q8Fits) {
    const from = kvBytesPerElement(settings.typeV ?? 'f16');
    const ratio = from / kvBytesPerElement('q8_0');
    const reach = Math.floor((settings.contextSize * ratio) / 256) * 256;
    out.push({
      title: 'Quantize the K/V cache to q8_0 (with flash attention)',
      why: `q8_0 stores ${kvBytesPerElement('q8_0')} bytes per element instead of ${from}, so the K/V cache that held ${settings.contextSize} tokens holds about ${reach} (before the compute buffer grows). Quality loss is usually small. A quantized V cache needs flash attention.`,
      change: { typeK: 'q8_0', typeV: 'q8_0', flashAttention: true },
      source: 'memory-model',
    });
  }
  const layers = typeof settings.gpuLayers === 'number' ? settings.gpuLayers : settings.gpuLayers === 'all' ? model.layerCount : null;
  if (layers !== null && layers > 1) {
    const fewer = layers - Math.max(1, Math.ceil(layers / 5));
    out.push({
      title: `Put fewer layers on the GPU (${fewer} instead of ${layers})`,
      why: 'Each layer moved to the CPU frees its weights in VRAM for the K/V cache. Generation gets slower, often much slower: prefer the changes above first.',
      change: { gpuLayers: fewer },
      source: 'memory-model',
    });
  }
  if ((settings.parallel ?? 1) > 1) {
    out.push({
      title: 'Serve one sequence at a time',
      why: `Each parallel slot needs its own ${settings.contextSize} tokens of K/V cache; one slot frees the rest for a longer context.`,
      change: { parallel: 1 },
      source: 'memory-model',
    });
  }
  return out;
}
