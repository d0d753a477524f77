import type { Runtime } from '../../../src-shared/contract/settings';

export const RUNTIME_LABELS: Record<Runtime, string> = {
  ollama: 'Ollama',
  'llama.cpp': 'llama.cpp',
  lmstudio: 'LM Studio',
  vllm: 'vLLM',
  'node-llama-cpp': 'node-llama-cpp',
};
