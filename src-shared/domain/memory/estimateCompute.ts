import { perLayer, type ModelGeometry } from '../models/ModelGeometry.js';

/** Options of {@link estimateComputeBytes}. */
export interface ComputeInput {
  geometry: ModelGeometry;
  /** Cells of the widest attention layer (the padded context, or the window when every layer slides). */
  attentionCells: number;
  ubatchSize: number;
  flashAttention: boolean;
}

const F32 = 4;

/**
 * The compute buffer llama.cpp reserves for one device's graph: the largest of the phases that do not
 * overlap in the allocator, plus what stays live across them. Shapes from llama.cpp's graph; the constant
 * parts are fitted to `llama-fit-params` and logged buffers (see tests/unit/estimateMemory.test.ts).
 *
 * - logits: vocab × ubatch f32 (the worst-case reserve computes every token's logits)
 * - attention without flash attention: KQ scores heads × cells × ubatch f32, plus the mask
 * - attention with flash attention: the f16 mask and the f32 output only
 * - FFN: gate and up activations (ff × ubatch f32 each); MoE keeps the used experts' rows
 */
export function estimateComputeBytes(input: ComputeInput): number {
  const { geometry: g, attentionCells: cells, flashAttention } = input;
  const ub = Math.max(1, Math.min(input.ubatchSize, cells));
  const heads = Math.max(0, ...Array.from({ length: g.layers }, (_, il) => perLayer(g.heads, il)));
  const live = ub * g.embeddingLength * F32 * 3;
  const logits = g.vocabSize * ub * F32;
  const mask = cells * ub * (flashAttention ? 2 : F32);
  const attention = flashAttention ? mask + ub * heads * Math.max(g.valueLength, g.mla?.valueLengthMla ?? 0) * F32 : mask + heads * cells * ub * F32;
  const ffnWidth = g.experts ? g.experts.feedForwardLength * (g.experts.used + g.experts.shared) : g.feedForwardLength;
  const ffn = ffnWidth * ub * F32 * 2;
  return Math.max(logits, attention, ffn) + live;
}

/** Bytes a host keeps for a graph whose layers all run on a GPU: the input embeddings and their staging. */
export function estimateHostComputeBytes(geometry: ModelGeometry, ubatchSize: number): number {
  return ubatchSize * geometry.embeddingLength * F32 * 1.25;
}
