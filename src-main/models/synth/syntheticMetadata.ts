import { GGUFValueType, type GGUFTypedMetadata, type MetadataValue } from '@huggingface/gguf';
import { slidingWindowLayersFromPattern, type ModelGeometry } from '../../../src-shared/domain/models/ModelGeometry.js';
import type { SyntheticVocab } from './syntheticVocab.js';

type Entry = { value: MetadataValue; type: GGUFValueType; subType?: GGUFValueType };

const u32 = (value: number): Entry => ({ value, type: GGUFValueType.UINT32 });
const f32 = (value: number): Entry => ({ value, type: GGUFValueType.FLOAT32 });
const str = (value: string): Entry => ({ value, type: GGUFValueType.STRING });
const bool = (value: boolean): Entry => ({ value, type: GGUFValueType.BOOL });
const scalarOrArray = (value: number | number[]): Entry =>
  typeof value === 'number' ? u32(value) : { value, type: GGUFValueType.ARRAY, subType: GGUFValueType.INT32 };

/** Default SWA pattern of each architecture in llama.cpp (`load_swa_pattern(ml, N)`). */
const DEFAULT_SWA_PATTERN: Record<string, number> = { gemma2: 2, gemma3: 6 };

/** What the file says about itself beyond the geometry. */
export interface SyntheticLabel {
  name: string;
  fileType: number;
  seed: number;
  preset: string | null;
  /** The depth of the model the geometry was copied from, when `--layers` cut it. */
  originalLayers: number | null;
}

/** GGUF metadata for a synthetic model: the keys llama.cpp reads for this architecture, and a tokenizer. */
export function syntheticMetadata(g: ModelGeometry, vocab: SyntheticVocab, label: SyntheticLabel, tensorCount: number): GGUFTypedMetadata {
  const a = g.architecture;
  const kv: Record<string, Entry> = {
    'general.architecture': str(a),
    'general.name': str(label.name),
    'general.file_type': u32(label.fileType),
    'general.quantization_version': u32(2),
    'headroom.synthetic': bool(true),
    'headroom.seed': u32(label.seed),
    ...(label.preset ? { 'headroom.preset': str(label.preset) } : {}),
    ...(label.originalLayers ? { 'headroom.original_block_count': u32(label.originalLayers) } : {}),
    [`${a}.context_length`]: u32(g.contextLength),
    [`${a}.embedding_length`]: u32(g.embeddingLength),
    [`${a}.block_count`]: u32(g.layers),
    [`${a}.feed_forward_length`]: u32(g.feedForwardLength),
    [`${a}.attention.head_count`]: scalarOrArray(g.heads),
    [`${a}.attention.head_count_kv`]: scalarOrArray(g.kvHeads),
    [`${a}.attention.key_length`]: u32(g.keyLength),
    [`${a}.attention.value_length`]: u32(g.valueLength),
    [`${a}.attention.layer_norm_rms_epsilon`]: f32(1e-6),
    [`${a}.rope.freq_base`]: f32(10000),
    [`${a}.rope.dimension_count`]: u32(g.mla ? g.mla.ropeDim : g.keyLength),
    ...slidingWindowKeys(g),
    ...mlaKeys(g),
    ...tokenizerKeys(vocab),
  };
  return {
    version: { value: 3, type: GGUFValueType.UINT32 },
    tensor_count: { value: BigInt(tensorCount), type: GGUFValueType.UINT64 },
    kv_count: { value: BigInt(Object.keys(kv).length), type: GGUFValueType.UINT64 },
    ...kv,
  } as GGUFTypedMetadata;
}

function slidingWindowKeys(g: ModelGeometry): Record<string, Entry> {
  const a = g.architecture;
  const softcap = a === 'gemma2' ? { [`${a}.attn_logit_softcapping`]: f32(50), [`${a}.final_logit_softcapping`]: f32(30) } : {};
  if (g.slidingWindow === null || !g.slidingWindowLayers) return softcap;
  const pattern = DEFAULT_SWA_PATTERN[a];
  const expected = pattern === undefined ? null : slidingWindowLayersFromPattern(g.layers, pattern);
  if (!expected || expected.some((swa, il) => swa !== g.slidingWindowLayers![il])) {
    throw new RangeError(`${a}: only llama.cpp's default sliding-window layer pattern can be written (every ${pattern ?? '?'}th layer full)`);
  }
  return { ...softcap, [`${a}.attention.sliding_window`]: u32(g.slidingWindow), [`${a}.attention.sliding_window_pattern`]: u32(pattern!) };
}

function mlaKeys(g: ModelGeometry): Record<string, Entry> {
  const a = g.architecture;
  const out: Record<string, Entry> = {};
  if (g.mla) {
    out[`${a}.attention.q_lora_rank`] = u32(g.mla.qLoraRank);
    out[`${a}.attention.kv_lora_rank`] = u32(g.mla.kvLoraRank);
    out[`${a}.attention.key_length_mla`] = u32(g.mla.keyLengthMla);
    out[`${a}.attention.value_length_mla`] = u32(g.mla.valueLengthMla);
  }
  if (g.experts) {
    out[`${a}.expert_count`] = u32(g.experts.count);
    out[`${a}.expert_used_count`] = u32(g.experts.used);
    out[`${a}.expert_shared_count`] = u32(g.experts.shared);
    out[`${a}.expert_feed_forward_length`] = u32(g.experts.feedForwardLength);
    out[`${a}.leading_dense_block_count`] = u32(g.experts.leadingDenseBlocks);
    out[`${a}.expert_weights_scale`] = f32(1);
  }
  return out;
}

function tokenizerKeys(v: SyntheticVocab): Record<string, Entry> {
  return {
    'tokenizer.ggml.model': str('llama'),
    'tokenizer.ggml.tokens': { value: v.tokens, type: GGUFValueType.ARRAY, subType: GGUFValueType.STRING },
    'tokenizer.ggml.scores': { value: v.scores, type: GGUFValueType.ARRAY, subType: GGUFValueType.FLOAT32 },
    'tokenizer.ggml.token_type': { value: v.types, type: GGUFValueType.ARRAY, subType: GGUFValueType.INT32 },
    'tokenizer.ggml.bos_token_id': u32(v.bosId),
    'tokenizer.ggml.eos_token_id': u32(v.eosId),
    'tokenizer.ggml.unknown_token_id': u32(v.unkId),
    'tokenizer.ggml.add_bos_token': bool(true),
    'tokenizer.ggml.add_eos_token': bool(false),
  };
}
