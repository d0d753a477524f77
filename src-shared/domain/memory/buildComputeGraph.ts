import { perLayer, type ModelGeometry } from '../models/ModelGeometry.js';
import { attentionGraph } from './attentionGraph.js';
import { GraphBuilder } from './GraphBuilder.js';
import type { GraphTensor } from './peakGraphBytes.js';

/** Options of {@link buildComputeGraph}. */
export interface ComputeGraphInput {
  geometry: ModelGeometry;
  /** Tokens of the reserved ubatch (llama.cpp reserves min(context, ubatch), every one an output). */
  tokens: number;
  /** KV cells each layer attends over (the padded context, or the window's cells on sliding-window layers; 0 without attention). */
  layerCells: number[];
  flashAttention: boolean;
  /** The layers to build, by index (a shorter stack with the same peak, see representativeLayers). Defaults to all. */
  layers?: number[];
}

const F32 = 4;

interface CacheInputs {
  kIdx: number;
  vIdx: number;
  mask: number;
}

/**
 * The tensors of llama.cpp's worst-case prompt graph for a device that holds every layer, in execution
 * order, as the bundled llama.cpp builds them for llama, qwen2/3, gemma2/3, phi3, deepseek2 (MLA) and
 * qwen3moe (checked against GGML_SCHED_DEBUG=2 prints of its graphs); other architectures get llama-like
 * layers. Only the tensors' sizes and who reads them matter to the allocator.
 */
export function buildComputeGraph(input: ComputeGraphInput): GraphTensor[] {
  const { geometry: g, tokens: T, flashAttention: fa } = input;
  const G = new GraphBuilder();
  const E = g.embeddingLength * T * F32;
  const tokens = G.input(T * 4);
  // build_inp_embd also declares an embeddings input (for callers that pass embeddings, not tokens): allocated, never read.
  G.input(E);
  const pos = G.input(T * 4);
  const caches = cacheInputs(G, input);
  const outIds = G.input(T * 4);
  const gemma = g.architecture.startsWith('gemma');
  let inp = G.op(E, [tokens]);
  if (gemma) inp = G.inplace(inp);
  const layers = input.layers ?? Array.from({ length: g.layers }, (_, il) => il);
  for (const [n, il] of layers.entries()) {
    const cells = input.layerCells[il] ?? 0;
    const last = n === layers.length - 1;
    const cur = G.inplace(G.inplace(inp));
    const cache = caches.get(Boolean(g.slidingWindowLayers?.[il]));
    let attn = cache && cells > 0 ? attentionGraph(G, { g, il, T, cells, fa, cur, pos, ...cache }) : G.op(E, [cur]);
    // The last layer keeps only the output rows (all of them in the reserve, still copied by get_rows).
    if (last) attn = G.op(E, [attn, outIds]);
    if (gemma) attn = G.inplace(G.inplace(attn));
    const residual = last ? G.op(E, [inp, outIds]) : inp;
    const ffnInp = G.inplace(attn, residual);
    let out = feedForwardGraph(G, g, il, T, G.inplace(G.inplace(ffnInp)));
    if (gemma) out = G.inplace(G.inplace(out));
    inp = g.architecture === 'phi3' ? G.inplace(ffnInp, out) : G.inplace(out, ffnInp);
  }
  const embeddings = G.output(G.inplace(G.inplace(inp)));
  G.output(G.op(g.vocabSize * T * F32, [embeddings]));
  return G.tensors;
}

/**
 * Each cache (the full one, and the sliding-window one) has its own K/V row indices and mask, even when both
 * are as large. Without flash attention V is stored transposed, so its indices are per element.
 */
function cacheInputs(G: GraphBuilder, input: ComputeGraphInput): Map<boolean, CacheInputs> {
  const { geometry: g, tokens: T, flashAttention: fa } = input;
  const caches = new Map<boolean, CacheInputs>();
  input.layerCells.forEach((cells, il) => {
    const swa = Boolean(g.slidingWindowLayers?.[il]);
    if (cells === 0 || caches.has(swa)) return;
    const kIdx = G.input(T * 8);
    const vIdx = g.mla ? -1 : G.input(fa ? T * 8 : T * cacheVWidth(g, swa) * 8);
    caches.set(swa, { kIdx, vIdx, mask: G.input(cells * T * (fa ? 2 : 4)) });
  });
  return caches;
}

/** The widest V row (KV heads × value length) among the layers of one cache. */
function cacheVWidth(g: ModelGeometry, swa: boolean): number {
  const widths = Array.from({ length: g.layers }, (_, il) =>
    Boolean(g.slidingWindowLayers?.[il]) === swa ? perLayer(g.kvHeads, il) * ((swa ? g.valueLengthSwa : null) ?? g.valueLength) : 0);
  return Math.max(0, ...widths);
}

/** The layer's FFN: dense gated, phi3's fused gate+up, or routed experts (plus shared ones). */
function feedForwardGraph(G: GraphBuilder, g: ModelGeometry, il: number, T: number, cur: number): number {
  const x = g.experts;
  if (x && il >= x.leadingDenseBlocks) {
    const routed = expertsGraph(G, g, T, cur);
    return x.shared === 0 ? routed : G.inplace(routed, gatedGraph(G, g, T, cur, x.feedForwardLength * x.shared));
  }
  if (g.architecture === 'phi3') {
    const up = G.op(2 * g.feedForwardLength * T * F32, [cur]);
    return G.op(g.embeddingLength * T * F32, [G.op(g.feedForwardLength * T * F32, [up])]);
  }
  return gatedGraph(G, g, T, cur, g.feedForwardLength);
}

/** gate and up projections, their GLU (a new tensor: GLU ops are not in-place ops), and down. */
function gatedGraph(G: GraphBuilder, g: ModelGeometry, T: number, cur: number, width: number): number {
  const bytes = width * T * F32;
  const gate = G.op(bytes, [cur]);
  const up = G.op(bytes, [cur]);
  return G.op(g.embeddingLength * T * F32, [G.op(bytes, [gate, up])]);
}

/** Router, top-k, the selected experts' gate/up/down (MUL_MAT_ID) and their weighted sum. */
function expertsGraph(G: GraphBuilder, g: ModelGeometry, T: number, cur: number): number {
  const x = g.experts!;
  const E = g.embeddingLength * T * F32;
  const probs = G.inplace(G.op(x.count * T * F32, [cur]));
  const topk = G.view(G.op(x.count * T * 4, [probs]));
  let weights = G.op(x.used * T * F32, [G.view(probs), topk]);
  if (g.architecture === 'qwen3moe') {
    // qwen3moe normalises the selected weights: sum_rows, clamp, div.
    const sum = G.inplace(G.op(T * F32, [G.view(weights)]));
    weights = G.op(x.used * T * F32, [G.view(weights), sum]);
  }
  const input = G.view(cur);
  const width = x.feedForwardLength * x.used * T * F32;
  const gate = G.op(width, [input, topk]);
  const up = G.op(width, [input, topk]);
  const weighted = G.inplace(G.op(E * x.used, [G.op(width, [gate, up]), topk]), weights);
  const parts = Array.from({ length: x.used }, () => G.view(weighted));
  // One expert: llama.cpp copies its output out (ggml_cont); more: views summed, the first add into a new tensor.
  if (parts.length === 1) return G.op(E, [parts[0]!]);
  let sum = G.op(E, [parts[0]!, parts[1]!]);
  for (const part of parts.slice(2)) sum = G.inplace(sum, part);
  return sum;
}
