import { geometryFromMetadata, type FlatMetadata } from '../../domain/models/geometryFromMetadata.js';
import type { ModelGeometry } from '../../domain/models/ModelGeometry.js';
import type { Facts } from '../Facts.js';

/**
 * The model's geometry from the hyperparameters llama.cpp prints at load (`n_layer`, `n_head_kv`,
 * `n_embd_head_k`…), through the same reader as GGUF metadata. Null when the log lacks the basics.
 */
export function geometryFromFacts(facts: Facts): ModelGeometry | null {
  if (!facts.nLayer || !facts.nEmbd) return null;
  const arch = facts.architecture && /^[a-z][a-z0-9_-]*$/i.test(facts.architecture) ? facts.architecture.toLowerCase() : 'llama';
  const headK = facts.nEmbdHeadK;
  const kvHeads = facts.nHeadKv ?? (facts.nEmbdKGqa && headK ? Math.round(facts.nEmbdKGqa / headK) : undefined);
  const meta: FlatMetadata = {
    'general.architecture': arch,
    [`${arch}.block_count`]: facts.nLayer,
    [`${arch}.embedding_length`]: facts.nEmbd,
    ...(facts.nHead ? { [`${arch}.attention.head_count`]: facts.nHead } : {}),
    ...(kvHeads ? { [`${arch}.attention.head_count_kv`]: kvHeads } : {}),
    ...(headK ? { [`${arch}.attention.key_length`]: headK } : {}),
    ...(facts.nEmbdHeadV ? { [`${arch}.attention.value_length`]: facts.nEmbdHeadV } : {}),
    ...(facts.nFf ? { [`${arch}.feed_forward_length`]: facts.nFf } : {}),
    ...(facts.nVocab ? { [`${arch}.vocab_size`]: facts.nVocab } : {}),
    ...(facts.trainedContext ? { [`${arch}.context_length`]: facts.trainedContext } : {}),
    ...(facts.nSwa ? { [`${arch}.attention.sliding_window`]: facts.nSwa } : {}),
  };
  try {
    return geometryFromMetadata(meta);
  } catch {
    return null;
  }
}
