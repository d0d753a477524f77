import { perLayer, type ModelGeometry } from './ModelGeometry.js';

/** One tensor as llama.cpp's loader expects it: name and shape in ggml order (ne0 first). */
export interface TensorSpec {
  name: string;
  shape: number[];
  /** Norm weights hold 1 (a random norm would blow activations up); biases hold 0; matrices hold noise. */
  fill: 'one' | 'zero' | 'noise';
}

const norm = (name: string, size: number): TensorSpec => ({ name, shape: [size], fill: 'one' });
const bias = (name: string, size: number): TensorSpec => ({ name, shape: [size], fill: 'zero' });
const matrix = (name: string, ...shape: number[]): TensorSpec => ({ name, shape, fill: 'noise' });

/** Architectures the writer knows the tensor layout of (from llama.cpp's `load_arch_tensors`). */
export const SYNTH_ARCHITECTURES = ['llama', 'qwen2', 'qwen3', 'gemma2', 'gemma3', 'phi3', 'deepseek2', 'qwen3moe'] as const;

/**
 * The tensors llama.cpp requires for `geometry`, in file order. With `approximate`, an architecture the
 * writer does not know gets a llama-style layout (with experts when the geometry has them), which is close
 * enough to estimate weight bytes; without it such an architecture throws.
 */
export function tensorPlan(g: ModelGeometry, approximate = false): TensorSpec[] {
  const tied = g.architecture === 'gemma2' || g.architecture === 'gemma3';
  const head = [matrix('token_embd.weight', g.embeddingLength, g.vocabSize), norm('output_norm.weight', g.embeddingLength)];
  if (!tied) head.push(matrix('output.weight', g.embeddingLength, g.vocabSize));
  const layers = Array.from({ length: g.layers }, (_, il) => layerTensors(g, il, approximate));
  return [...head, ...layers.flat()];
}

function layerTensors(g: ModelGeometry, il: number, approximate: boolean): TensorSpec[] {
  const n = g.embeddingLength;
  const p = `blk.${il}.`;
  const q = perLayer(g.heads, il) * g.keyLength;
  const k = perLayer(g.kvHeads, il) * g.keyLength;
  const v = perLayer(g.kvHeads, il) * g.valueLength;
  const ffn = [matrix(`${p}ffn_gate.weight`, n, g.feedForwardLength), matrix(`${p}ffn_up.weight`, n, g.feedForwardLength), matrix(`${p}ffn_down.weight`, g.feedForwardLength, n)];
  const qkv = [matrix(`${p}attn_q.weight`, n, q), matrix(`${p}attn_k.weight`, n, k), matrix(`${p}attn_v.weight`, n, v)];
  switch (g.architecture) {
    case 'llama':
      return [norm(`${p}attn_norm.weight`, n), ...qkv, matrix(`${p}attn_output.weight`, q, n), norm(`${p}ffn_norm.weight`, n), ...ffn];
    case 'qwen2':
      return [norm(`${p}attn_norm.weight`, n), ...qkv, bias(`${p}attn_q.bias`, q), bias(`${p}attn_k.bias`, k), bias(`${p}attn_v.bias`, v),
        matrix(`${p}attn_output.weight`, q, n), norm(`${p}ffn_norm.weight`, n), ...ffn];
    case 'qwen3':
      return [norm(`${p}attn_norm.weight`, n), ...qkv, norm(`${p}attn_q_norm.weight`, g.keyLength), norm(`${p}attn_k_norm.weight`, g.keyLength),
        matrix(`${p}attn_output.weight`, q, n), norm(`${p}ffn_norm.weight`, n), ...ffn];
    case 'qwen3moe':
      if (!g.experts) throw new RangeError('qwen3moe needs expert geometry');
      return [norm(`${p}attn_norm.weight`, n), ...qkv, norm(`${p}attn_q_norm.weight`, g.keyLength), norm(`${p}attn_k_norm.weight`, g.keyLength),
        matrix(`${p}attn_output.weight`, q, n), norm(`${p}ffn_norm.weight`, n), ...expertTensors(g, p)];
    case 'gemma2':
    case 'gemma3':
      return [norm(`${p}attn_norm.weight`, n), ...qkv,
        ...(g.architecture === 'gemma3' ? [norm(`${p}attn_q_norm.weight`, g.keyLength), norm(`${p}attn_k_norm.weight`, g.keyLength)] : []),
        matrix(`${p}attn_output.weight`, q, n), norm(`${p}post_attention_norm.weight`, n), norm(`${p}ffn_norm.weight`, n), ...ffn, norm(`${p}post_ffw_norm.weight`, n)];
    case 'phi3':
      return [norm(`${p}attn_norm.weight`, n), matrix(`${p}attn_qkv.weight`, n, q + k + v), matrix(`${p}attn_output.weight`, q, n), norm(`${p}ffn_norm.weight`, n),
        matrix(`${p}ffn_up.weight`, n, 2 * g.feedForwardLength), matrix(`${p}ffn_down.weight`, g.feedForwardLength, n)];
    case 'deepseek2':
      return deepseek2Layer(g, il, p);
    default:
      if (!approximate) throw new RangeError(`no tensor layout for architecture "${g.architecture}"`);
      if (g.mla && g.experts) return deepseek2Layer(g, il, p);
      return [norm(`${p}attn_norm.weight`, n), ...qkv, matrix(`${p}attn_output.weight`, q, n), norm(`${p}ffn_norm.weight`, n),
        ...(g.experts && il >= g.experts.leadingDenseBlocks ? expertTensors(g, p) : ffn)];
  }
}

function deepseek2Layer(g: ModelGeometry, il: number, p: string): TensorSpec[] {
  const mla = g.mla;
  const ex = g.experts;
  if (!mla || !ex) throw new RangeError('deepseek2 needs MLA and expert geometry');
  const n = g.embeddingLength;
  const heads = perLayer(g.heads, il);
  const nope = mla.keyLengthMla - mla.ropeDim;
  const attention = [
    norm(`${p}attn_norm.weight`, n),
    ...(mla.qLoraRank > 0
      ? [norm(`${p}attn_q_a_norm.weight`, mla.qLoraRank), matrix(`${p}attn_q_a.weight`, n, mla.qLoraRank), matrix(`${p}attn_q_b.weight`, mla.qLoraRank, heads * mla.keyLengthMla)]
      : [matrix(`${p}attn_q.weight`, n, heads * mla.keyLengthMla)]),
    norm(`${p}attn_kv_a_norm.weight`, mla.kvLoraRank),
    matrix(`${p}attn_kv_a_mqa.weight`, n, mla.kvLoraRank + mla.ropeDim),
    matrix(`${p}attn_k_b.weight`, nope, mla.kvLoraRank, heads),
    matrix(`${p}attn_v_b.weight`, mla.kvLoraRank, mla.valueLengthMla, heads),
    matrix(`${p}attn_output.weight`, heads * mla.valueLengthMla, n),
    norm(`${p}ffn_norm.weight`, n),
  ];
  if (il < ex.leadingDenseBlocks) {
    return [...attention, matrix(`${p}ffn_gate.weight`, n, g.feedForwardLength), matrix(`${p}ffn_up.weight`, n, g.feedForwardLength), matrix(`${p}ffn_down.weight`, g.feedForwardLength, n)];
  }
  return [...attention, ...expertTensors(g, p)];
}

function expertTensors(g: ModelGeometry, p: string): TensorSpec[] {
  const ex = g.experts!;
  const n = g.embeddingLength;
  const f = ex.feedForwardLength;
  return [
    { name: `${p}ffn_gate_inp.weight`, shape: [n, ex.count], fill: 'noise' },
    matrix(`${p}ffn_gate_exps.weight`, n, f, ex.count),
    matrix(`${p}ffn_up_exps.weight`, n, f, ex.count),
    matrix(`${p}ffn_down_exps.weight`, f, n, ex.count),
    ...(ex.shared > 0 ? [matrix(`${p}ffn_gate_shexp.weight`, n, f * ex.shared), matrix(`${p}ffn_up_shexp.weight`, n, f * ex.shared), matrix(`${p}ffn_down_shexp.weight`, f * ex.shared, n)] : []),
  ];
}
