import type { ConcreteFix } from './Diagnosis.js';
import type { Category } from './KnowledgeEntry.js';

// Generic fixes of a category, for a candidate that only a family (or similarity) found: no entry
// knows the exact wording, so these are the first things to try for that kind of failure.

/** Plain titles of the categories, for candidates without an entry. */
export const CATEGORY_TITLES: Record<Category, string> = {
  gpu_oom_weights: 'The model weights did not fit in GPU memory',
  gpu_oom_kv_cache: 'The KV cache (the context) did not fit in memory',
  gpu_oom_compute_buffer: 'GPU memory ran out for the compute buffers or during evaluation',
  host_oom: 'The computer ran out of RAM',
  gpu_not_detected: 'No usable GPU was found: it ran on the CPU or not at all',
  driver_or_toolkit_mismatch: 'The GPU driver, toolkit or build does not match',
  model_load_format: 'The model file could not be read',
  context_exceeds_limit: 'The prompt is longer than the context allows',
  flash_attention_unsupported: 'Flash attention is not supported here',
  slow_partial_offload: 'Slow because part of the model runs on the CPU',
  slow_long_context: 'Slow as the context grows',
  cpu_unsupported_instructions: 'The CPU lacks instructions this build uses',
  unknown: 'Nothing in the log explains the failure',
};

const fewerLayers: ConcreteFix = {
  title: 'Put fewer layers on the GPU',
  change: { gpuLayers: 20 },
  commands: { 'llama.cpp': '-ngl 20', ollama: 'PARAMETER num_gpu 20', lmstudio: 'GPU Offload: lower the slider', 'node-llama-cpp': 'gpuLayers: 20' },
  note: 'Lower it until the model loads; each layer left on the CPU frees its share of VRAM.',
};
const smallerContext: ConcreteFix = {
  title: 'Use a smaller context',
  change: { contextSize: 8192 },
  commands: { 'llama.cpp': '-c 8192', ollama: 'PARAMETER num_ctx 8192', lmstudio: 'Context Length: 8192', vllm: '--max-model-len 8192', 'node-llama-cpp': 'contextSize: 8192' },
  note: 'The KV cache grows with the context; half the context is half the cache.',
};
const quantizedKv: ConcreteFix = {
  title: 'Quantize the KV cache to q8_0 (with flash attention)',
  change: { flashAttention: true, typeK: 'q8_0', typeV: 'q8_0' },
  commands: { 'llama.cpp': '-fa on -ctk q8_0 -ctv q8_0', ollama: 'OLLAMA_FLASH_ATTENTION=1 OLLAMA_KV_CACHE_TYPE=q8_0 ollama serve', vllm: '--kv-cache-dtype fp8' },
  note: 'Halves the KV cache for a small loss of quality.',
};
const flashAttention: ConcreteFix = {
  title: 'Turn flash attention on',
  change: { flashAttention: true },
  commands: { 'llama.cpp': '-fa on', ollama: 'OLLAMA_FLASH_ATTENTION=1 ollama serve', lmstudio: 'Flash Attention: on', 'node-llama-cpp': 'flashAttention: true' },
  note: 'Flash attention keeps the attention scratch small at long contexts.',
};
const smallerBatch: ConcreteFix = {
  title: 'Use a smaller batch',
  change: { batchSize: 256, ubatchSize: 256 },
  commands: { 'llama.cpp': '-b 256 -ub 256', 'node-llama-cpp': 'batchSize: 256' },
  note: 'The compute buffers grow with the batch.',
};
const action = (title: string, text: string): ConcreteFix => ({ title, change: { action: text }, commands: {} });

export const GENERIC_FIXES: Record<Category, ConcreteFix[]> = {
  gpu_oom_weights: [fewerLayers, action('Use a smaller quantization of the model', 'Download a smaller quantization (Q4_K_M instead of Q8_0), or a smaller model.')],
  gpu_oom_kv_cache: [smallerContext, quantizedKv],
  gpu_oom_compute_buffer: [flashAttention, smallerBatch, smallerContext],
  host_oom: [
    action('Free RAM or add swap', 'Close other programs, or add swap / a larger page file, so the model and its buffers fit in RAM.'),
    smallerContext,
    action('Use a smaller model or quantization', 'A Q4 quantization needs about half the RAM of Q8.'),
  ],
  gpu_not_detected: [
    action('Check that the GPU is visible to the runtime', 'Run nvidia-smi (NVIDIA), rocminfo (AMD) or vulkaninfo --summary; in Docker pass --gpus all (NVIDIA) or /dev/kfd and /dev/dri (AMD).'),
    action('Install the GPU build of the runtime', 'Use the CUDA / ROCm / Vulkan build (not the CPU one), and make sure its libraries are found.'),
  ],
  driver_or_toolkit_mismatch: [
    action('Update the GPU driver', 'Install a driver at least as new as the CUDA / ROCm version the runtime was built with.'),
    action('Use a build made for this GPU and toolkit', 'Pick the release built for your CUDA / ROCm version and GPU architecture, or build it with yours.'),
  ],
  model_load_format: [action('Re-download or convert the model', 'Check the file size and hash against the source; convert old GGML files to GGUF; update the runtime for new architectures.')],
  context_exceeds_limit: [smallerContext, action('Send a shorter prompt, or raise the context', 'Trim the prompt (chat history, tool output), or load the model with a context large enough for it.')],
  flash_attention_unsupported: [{ title: 'Turn flash attention off', change: { flashAttention: false }, commands: { 'llama.cpp': '-fa off', ollama: 'OLLAMA_FLASH_ATTENTION=0 ollama serve', lmstudio: 'Flash Attention: off', 'node-llama-cpp': 'flashAttention: false' } }],
  slow_partial_offload: [
    { title: 'Put every layer on the GPU', change: { gpuLayers: 'all' }, commands: { 'llama.cpp': '-ngl 999', ollama: 'PARAMETER num_gpu 999', 'node-llama-cpp': "gpuLayers: 'max'" }, note: 'Free VRAM with a smaller context or a smaller quantization so that it fits.' },
    smallerContext,
  ],
  slow_long_context: [flashAttention, quantizedKv],
  cpu_unsupported_instructions: [action('Use a build for this CPU', 'Use the runtime\'s build without AVX2/AVX-512 (or build it with -DGGML_NATIVE=ON on this machine).')],
  unknown: [],
};
