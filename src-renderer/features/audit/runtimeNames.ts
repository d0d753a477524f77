import type { AuditRuntime } from '../../../src-shared/contract/audit';

export const RUNTIME_NAMES: Record<AuditRuntime, string> = { ollama: 'Ollama', 'llama-server': 'llama-server', lmstudio: 'LM Studio', vllm: 'vLLM' };
