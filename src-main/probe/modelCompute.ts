import { perLayer } from '../../src-shared/domain/models/ModelGeometry.js';
import type { ModelCompute } from '../../src-shared/domain/probe/speedPrior.js';
import type { ModelFacts } from './readModelFacts.js';

const GiB = 2 ** 30;

/**
 * A model's compute per token, from its geometry (parameters of the matrices a token passes through, attention
 * per cell) and its tensors (bytes read per generated token). Without a geometry the weights are taken as f16.
 */
export function modelCompute(facts: Pick<ModelFacts, 'geometry' | 'tensors' | 'sizeBytes'>): ModelCompute {
  // The embedding is a lookup, not a product: it costs neither FLOPs nor a full read.
  const weightBytes = facts.tensors.filter((t) => !t.name.startsWith('token_embd')).reduce((sum, t) => sum + t.bytes, 0) || facts.sizeBytes;
  const g = facts.geometry;
  if (!g) return { weightGflop: weightBytes / 1e9, weightGib: weightBytes / GiB, attentionMflopPerCell: 0, kvKibPerCell: 0 };
  let params = g.embeddingLength * g.vocabSize;
  let attention = 0;
  let kv = 0;
  for (let layer = 0; layer < g.layers; layer++) {
    const heads = perLayer(g.heads, layer);
    const kvHeads = perLayer(g.kvHeads, layer);
    const ff = g.experts && layer >= g.experts.leadingDenseBlocks ? g.experts.feedForwardLength * (g.experts.used + g.experts.shared) : g.feedForwardLength;
    params += g.embeddingLength * (heads * g.keyLength + kvHeads * (g.keyLength + g.valueLength) + heads * g.valueLength) + 3 * g.embeddingLength * ff;
    attention += 2 * heads * (g.keyLength + g.valueLength);
    kv += kvHeads * (g.keyLength + g.valueLength) * 2;
  }
  return { weightGflop: (2 * params) / 1e9, weightGib: weightBytes / GiB, attentionMflopPerCell: attention / 1e6, kvKibPerCell: kv / 1024 };
}
