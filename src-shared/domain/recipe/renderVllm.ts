import type { KvCacheType } from '../../contract/settings.js';
import type { Recipe, RenderedRecipe } from '../../contract/recipe.js';
import { shellLine } from './shellQuote.js';
import { valueLog, type ValueLog } from './valueLog.js';

// vLLM (docs.vllm.ai stable engine args; docs/features/quantization/gguf.md @06fed1c): GGUF is
// "highly experimental and under-optimized" and now needs the out-of-tree vllm-gguf-plugin.
// vLLM preallocates a fraction of the GPU (--gpu-memory-utilization, default 0.92) and has no
// llama.cpp-style K/V quantization: its 8-bit cache is fp8.

const VLLM_DEFAULT_UTILIZATION = 0.92;

export function renderVllm(recipe: Recipe): RenderedRecipe {
  const log = valueLog();
  const s = recipe.settings;
  const warnings: string[] = [
    'vLLM\'s GGUF support is "highly experimental and under-optimized" and has moved to the vllm-gguf-plugin (install it first). For vLLM, prefer the model\'s original safetensors (or an AWQ/GPTQ/FP8 build): GGUF is llama.cpp\'s format.',
    `${recipe.basis === 'probe' ? 'Headroom measured this model with llama.cpp (node-llama-cpp), not vLLM.' : 'Headroom\'s numbers are for llama.cpp, not vLLM.'} vLLM reserves memory differently (it preallocates --gpu-memory-utilization of the GPU and fills it with KV cache), so these values are a starting point, not verified for vLLM.`,
  ];
  const utilization = utilizationArg(recipe, log);
  const kv = kvDtype(s.typeK, s.typeV, warnings);
  const args: string[] = ['vllm', 'serve', recipe.model.path, '--max-model-len', log.add(s.contextSize, ['contextSize'])];
  if (utilization !== undefined) args.push('--gpu-memory-utilization', utilization);
  args.push('--kv-cache-dtype', kv);
  if (s.parallel !== undefined) args.push('--max-num-seqs', log.add(s.parallel, ['parallel']));
  if (recipe.machine?.backend === 'cpu') warnings.push('The verified run used no GPU. vLLM\'s CPU backend is a separate build with its own limits; on CPU, llama.cpp or Ollama are the better fit for this model.');
  if (typeof s.gpuLayers === 'number' && recipe.model.layerCount !== null && s.gpuLayers < recipe.model.layerCount && s.gpuLayers > 0) {
    warnings.push(`The verified run kept part of the model on the CPU (${s.gpuLayers} of ${recipe.model.layerCount} layers on the GPU). vLLM holds the whole model on the GPU (or uses --cpu-offload-gb), so it may not fit.`);
  }
  return {
    runtime: 'vllm',
    files: [],
    commands: ['uv pip install vllm-gguf-plugin', shellLine(args)],
    warnings,
    notes: [
      'vLLM recommends the tokenizer of the base model for a GGUF (converting it from the GGUF is "time-consuming and unstable"): add --tokenizer <the base model\'s Hugging Face repo>.',
      '--max-model-len is the longest sequence vLLM accepts; --gpu-memory-utilization is the share of the GPU this vLLM instance may take (default 0.92), and --max-num-seqs caps the sequences in one batch.',
      'Flash attention, batch sizes and threads are chosen by vLLM itself; there is no per-layer offload.',
    ],
    values: log.values,
  };
}

/** Leave what other processes hold plus the recipe's margin; never above vLLM's own default. */
function utilizationArg(recipe: Recipe, log: ValueLog): string | undefined {
  const total = recipe.machine?.vramTotalBytes;
  const margin = recipe.settings.memoryMarginBytes;
  if (!total || margin === undefined) return undefined;
  const share = Math.floor(Math.min(VLLM_DEFAULT_UTILIZATION, (total - margin) / total) * 100) / 100;
  if (share <= 0) return undefined;
  return log.add(share.toFixed(2), ['memoryMarginBytes'], 'share of the GPU: (VRAM − margin) ÷ VRAM, at most 0.92');
}

function kvDtype(typeK: KvCacheType | undefined, typeV: KvCacheType | undefined, warnings: string[]): string {
  const types = [typeK, typeV].filter((t): t is KvCacheType => t !== undefined);
  const quantized = types.filter((t) => t !== 'f16' && t !== 'bf16' && t !== 'f32');
  if (quantized.length === 0) return 'auto';
  warnings.push(`vLLM has no ${[...new Set(quantized)].join('/')} K/V cache; its 8-bit cache is fp8, which needs a GPU that supports it and was not measured by Headroom.`);
  return 'fp8';
}
