import type { KvCacheType } from '../../contract/settings.js';
import { llamaCppRules } from '../memory/KvCacheRules.js';
import { estimateKvCache } from '../memory/estimateKvCache.js';
import type { ModelGeometry } from '../models/ModelGeometry.js';

/** The memory model's KV cache bytes for a whole server pool (llama.cpp's rules). */
export function kvCacheBytes(geometry: ModelGeometry, contextSize: number, type: KvCacheType, sequences: number, flashAttention: boolean): number {
  return estimateKvCache({ geometry, contextSize, typeK: type, typeV: type, sequences, ubatchSize: 512, flashAttention, rules: llamaCppRules }).totalBytes;
}

/** Whether a q8_0 cache (32-value blocks) fits the model's head sizes, as llama.cpp requires. */
export function q8CacheFits(geometry: ModelGeometry): boolean {
  return geometry.keyLength % 32 === 0 && geometry.valueLength % 32 === 0;
}
