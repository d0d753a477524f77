import type { Category } from '../../src-shared/knowledge/KnowledgeEntry';

/**
 * node-llama-cpp failures that tests/integration/diagnoseNodeLlamaCpp.test.ts makes for real (by
 * tests/integration/nodeLlamaCppFailure.mjs) and diagnoses, with the entry that must lead. These
 * entries are backed by that real output rather than by a log fixture from a public thread
 * (tests/unit/knowledgeBase.test.ts accepts either). `nodeLlamaCppFix`: a command the first match must
 * offer (the RAM cap the message names, lifted).
 */
export const FAILURES_MADE_FOR_REAL: Record<string, { output: RegExp; category: Category; entry: string | null; nodeLlamaCppFix?: string }> = {
  'ram-cap': { output: /A context size of \d+ is too large for the available RAM \(RAM cap is set/, category: 'host_oom', entry: 'node-llama-cpp-context-too-large-for-ram', nodeLlamaCppFix: 'await llama.setRamCap(null)' },
  'long-prompt': { output: /Failed to compress chat history/, category: 'context_exceeds_limit', entry: 'node-llama-cpp-input-longer-than-context' },
  truncated: { output: /Failed to load model/, category: 'model_load_format', entry: null },
  cuda: { output: /with CUDA support is not compatible with the current system/, category: 'gpu_not_detected', entry: 'node-llama-cpp-gpu-binary-unusable' },
  'vram-cap-context': { output: /A context size of \d+ is too large for the available VRAM \(VRAM cap is set/, category: 'gpu_oom_kv_cache', entry: 'node-llama-cpp-context-too-large', nodeLlamaCppFix: 'await llama.setVramCap(null)' },
  'vram-cap-layers': { output: /Not enough VRAM to fit the model with the specified settings \(VRAM cap is set/, category: 'gpu_oom_weights', entry: 'runtime-estimate-model-does-not-fit', nodeLlamaCppFix: 'await llama.setVramCap(null)' },
  'vulkan-kv-over-buffer-limit': { output: /pre-allocated tensor \(cache_k_l0\) in a buffer \(Vulkan0\) that cannot run the operation/, category: 'gpu_oom_kv_cache', entry: null },
  'unknown-architecture': { output: /unknown model architecture: 'llamb'/, category: 'model_load_format', entry: 'unknown-model-architecture', nodeLlamaCppFix: 'npm install node-llama-cpp@latest   # or build the newest llama.cpp: npx --no node-llama-cpp source download --release latest' },
};
