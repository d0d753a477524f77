import type { Category } from '../../../src-shared/knowledge/KnowledgeEntry';

const LABELS: Record<Category, string> = {
  gpu_oom_weights: 'GPU out of memory: the weights do not fit',
  gpu_oom_kv_cache: 'GPU out of memory: the KV cache does not fit',
  gpu_oom_compute_buffer: 'GPU out of memory: the compute buffer does not fit',
  host_oom: 'Out of system memory (RAM)',
  gpu_not_detected: 'GPU not detected or not used',
  driver_or_toolkit_mismatch: 'Driver or toolkit mismatch',
  model_load_format: 'The model file cannot be loaded',
  context_exceeds_limit: 'The prompt exceeds the context limit',
  flash_attention_unsupported: 'Flash attention is not supported here',
  slow_partial_offload: 'Slow: only part of the model is on the GPU',
  slow_long_context: 'Slow at long context',
  cpu_unsupported_instructions: 'The CPU lacks required instructions',
  unknown: 'Unknown',
};

/** A category in words, for people rather than for `--json`. */
export function categoryLabel(category: Category): string {
  return LABELS[category];
}
