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
const MiB = 1024 * 1024;

/**
 * The compute buffer llama.cpp reserves for one device's graph: the larger of two phases that do not
 * overlap in ggml's allocator. Shapes from llama.cpp's graph; the constants are fitted to `llama-fit-params`
 * of the bundled release on synthetic models of every preset (tests/bench/modelsOracles.bench.test.ts).
 *
 * - output: the logits of every ubatch token (vocab × ubatch f32) and two embedding-sized activations
 * - body, with flash attention: the f16 KQ mask, FFN activations (≈ 4 × ff × ubatch f32) and a little more
 * - body, without flash attention: the f32 KQ scores (heads × cells × ubatch) and the f32 mask dominate
 */
export function estimateComputeBytes(input: ComputeInput): number {
  const { geometry: g, attentionCells: cells, flashAttention } = input;
  const ub = Math.max(1, Math.min(input.ubatchSize, cells));
  const heads = Math.max(0, ...Array.from({ length: g.layers }, (_, il) => perLayer(g.heads, il)));
  const ffnWidth = g.experts ? g.experts.feedForwardLength * (g.experts.used + g.experts.shared) : g.feedForwardLength;
  const ffn = ffnWidth * ub * F32;
  // phi3 stores gate and up fused: the up projection's output is twice as wide.
  const ffnTensors = g.architecture === 'phi3' ? 5 : 4;
  const mask16 = cells * ub * 2;
  const slack = (ub / 512) * 4 * MiB;
  // MLA's flash-attention path keeps the mask live through the output (measured: +mask on deepseek2).
  const output = g.vocabSize * ub * F32 + 2 * g.embeddingLength * ub * F32 + (g.mla && flashAttention ? mask16 : 0);
  const body = flashAttention
    ? mask16 + ffnTensors * ffn + slack
    : heads * cells * ub * F32 + cells * ub * F32 + 10 * slack;
  return Math.max(output, body);
}

/** Bytes a host keeps for a graph whose layers all run on a GPU: the input embeddings and their staging. */
export function estimateHostComputeBytes(geometry: ModelGeometry, ubatchSize: number): number {
  return ubatchSize * geometry.embeddingLength * F32 * 1.25;
}
