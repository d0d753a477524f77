import { perLayer, type ModelGeometry } from '../models/ModelGeometry.js';
import type { GraphBuilder } from './GraphBuilder.js';

/** What one attention layer's graph needs to know. */
export interface AttentionLayer {
  g: ModelGeometry;
  il: number;
  /** Tokens of the ubatch. */
  T: number;
  /** KV cells the layer attends over. */
  cells: number;
  fa: boolean;
  /** The normed layer input. */
  cur: number;
  /** Inputs of the layer's cache. */
  pos: number;
  kIdx: number;
  vIdx: number;
  mask: number;
}

const F32 = 4;

/**
 * One layer's attention as llama.cpp builds it (llm_graph_context::build_attn / build_attn_mha): Q, K, V
 * projections (fused on phi3, normed on qwen3/gemma3, biased on qwen2), RoPE, the cache stores, flash
 * attention or KQ → softmax → KQV, and the output projection, which it returns.
 */
export function attentionGraph(G: GraphBuilder, a: AttentionLayer): number {
  const { g, il, T } = a;
  if (g.mla?.layout === 'latent') return mlaAttentionGraph(G, a);
  const heads = perLayer(g.heads, il);
  const swa = Boolean(g.slidingWindowLayers?.[il]);
  const kLen = (swa ? g.keyLengthSwa : null) ?? g.keyLength;
  const vLen = (swa ? g.valueLengthSwa : null) ?? g.valueLength;
  const { q, k, v } = projections(G, a, heads * kLen * T * F32, perLayer(g.kvHeads, il) * T * F32, kLen, vLen);
  G.store([G.view(k), a.kIdx]);
  G.store([G.view(v), a.vIdx]);
  const outBytes = heads * vLen * T * F32;
  let out: number;
  if (a.fa) {
    out = G.op(outBytes, [G.view(q), a.mask]);
  } else {
    let kq = G.op(a.cells * T * heads * F32, [G.view(q)]);
    // gemma2 caps the logits: scale, tanh, scale, each in place.
    if (g.architecture === 'gemma2') kq = G.inplace(G.inplace(G.inplace(kq)));
    const kqv = G.op(outBytes, [G.inplace(kq, a.mask)]);
    out = G.op(outBytes, [G.view(kqv)]);
  }
  return G.op(g.embeddingLength * T * F32, [G.view(out)]);
}

/** Q (roped, scaled on gemma), K (roped) and V, in llama.cpp's order for the architecture. */
function projections(G: GraphBuilder, a: AttentionLayer, qBytes: number, perHead: number, kLen: number, vLen: number) {
  const arch = a.g.architecture;
  const kBytes = perHead * kLen;
  const vBytes = perHead * vLen;
  if (arch === 'phi3') {
    // One fused QKV matmul; Q and K are roped out of its slices, V is stored from its slice (copied first without FA).
    const qkv = G.op(qBytes + kBytes + vBytes, [a.cur]);
    const q = G.inplace(G.op(qBytes, [G.view(qkv), a.pos]));
    const k = G.op(kBytes, [G.view(qkv), a.pos]);
    const v = a.fa ? G.view(qkv) : G.op(vBytes, [G.view(qkv)]);
    return { q, k, v };
  }
  const gemma = arch.startsWith('gemma');
  const qkNorm = arch === 'qwen3' || arch === 'qwen3moe' || arch === 'gemma3';
  const project = (bytes: number, norm: boolean, rope: boolean) => {
    let t = G.op(bytes, [a.cur]);
    if (arch === 'qwen2') t = G.inplace(t);
    t = G.view(t);
    if (norm) t = G.inplace(G.inplace(t));
    if (rope) t = G.inplace(t, a.pos);
    return t;
  };
  let q = project(qBytes, qkNorm, true);
  if (gemma) q = G.inplace(q);
  if (gemma) {
    const k = project(kBytes, qkNorm, true);
    return { q, k, v: project(vBytes, false, false) };
  }
  const v = project(vBytes, false, false);
  return { q, k: project(kBytes, qkNorm, true), v };
}

/**
 * deepseek2's multi-head latent attention (llama.cpp's MLA path): the no-RoPE part of Q absorbed into the
 * latent, Q and K concatenated with their RoPE parts, one latent + RoPE row cached per cell, and the
 * latent result expanded per head by wv_b.
 */
function mlaAttentionGraph(G: GraphBuilder, a: AttentionLayer): number {
  const { g, T } = a;
  const m = g.mla!;
  const heads = perLayer(g.heads, a.il);
  const latent = m.kvLoraRank * heads * T * F32;
  const q = G.op(heads * m.keyLengthMla * T * F32, [a.cur]);
  const absorbed = G.op(latent, [G.view(q)]);
  const qPe = G.op(m.ropeDim * heads * T * F32, [G.view(q), a.pos]);
  const qCur = G.op((m.kvLoraRank + m.ropeDim) * heads * T * F32, [G.view(absorbed), qPe]);
  const kvPe = G.op((m.kvLoraRank + m.ropeDim) * T * F32, [a.cur]);
  const kvCmpr = G.inplace(G.op(m.kvLoraRank * T * F32, [G.view(kvPe)]));
  const kPe = G.op(m.ropeDim * T * F32, [G.view(kvPe), a.pos]);
  G.store([G.view(G.op((m.kvLoraRank + m.ropeDim) * T * F32, [kvCmpr, kPe])), a.kIdx]);
  let kqv: number;
  if (a.fa) {
    kqv = G.view(G.op(latent, [G.view(qCur), a.mask]));
  } else {
    // V is the cache's latent part, copied contiguous (f16) before KQ.
    const vCont = G.op(m.kvLoraRank * a.cells * 2, []);
    const kq = G.inplace(G.op(a.cells * T * heads * F32, [G.view(qCur)]), a.mask);
    kqv = G.op(latent, [vCont, kq]);
  }
  const vBytes = m.valueLengthMla * heads * T * F32;
  const out = G.op(vBytes, [G.view(G.op(vBytes, [kqv]))]);
  return G.op(g.embeddingLength * T * F32, [G.view(out)]);
}
