import type { AuditRuntime } from '../../contract/audit.js';

/** How people write each runtime's name. */
export const RUNTIME_LABELS: Record<AuditRuntime, string> = { ollama: 'Ollama', 'llama-server': 'llama-server', lmstudio: 'LM Studio', vllm: 'vLLM' };
