import { InvalidMetadataError } from './InvalidMetadataError.js';
import { GEOMETRY_LIMITS, ModelGeometrySchema, slidingWindowLayersFromPattern, type ModelGeometry } from './ModelGeometry.js';

/** GGUF metadata as a flat object of keys as they appear in files: `{"qwen2.block_count": 28, …}`. */
export type FlatMetadata = Record<string, unknown>;

/**
 * llama.cpp's default sliding-window layer pattern per architecture (`load_swa_pattern(ml, N, denseFirst)`),
 * used when the file has a window but no `sliding_window_pattern`.
 */
const SWA_DEFAULTS: Record<string, { pattern: number; denseFirst: boolean; window?: number }> = {
  gemma2: { pattern: 2, denseFirst: false, window: 4096 },
  gemma3: { pattern: 6, denseFirst: false },
  gemma3n: { pattern: 5, denseFirst: false },
  'gemma-embedding': { pattern: 6, denseFirst: false },
  cohere2: { pattern: 4, denseFirst: false },
  cohere2moe: { pattern: 4, denseFirst: true },
  exaone4: { pattern: 4, denseFirst: false },
  'exaone-moe': { pattern: 4, denseFirst: false },
  olmo2: { pattern: 4, denseFirst: false },
  'gpt-oss': { pattern: 2, denseFirst: false },
  plamo3: { pattern: 8, denseFirst: false },
  smallthinker: { pattern: 4, denseFirst: true },
  afmoe: { pattern: 4, denseFirst: false },
  mellum: { pattern: 4, denseFirst: false },
};

/** Architectures whose llama.cpp model ignores `sliding_window` (it runs full attention on every layer). */
const SWA_IGNORED = new Set(['llama', 'phi3', 'qwen2', 'mistral3']);

/**
 * The geometry llama.cpp derives from GGUF metadata, with its defaults for absent keys
 * (KV heads = heads; key/value length = embedding length / heads). Throws {@link InvalidMetadataError}
 * when a required key is missing or malformed.
 */
export function geometryFromMetadata(meta: FlatMetadata): ModelGeometry {
  const arch = meta['general.architecture'];
  if (typeof arch !== 'string' || arch === '') {
    throw new InvalidMetadataError('The metadata has no "general.architecture".', 'Add "general.architecture" (e.g. "llama", "qwen2") — every GGUF file has it.');
  }
  const key = (name: string) => `${arch}.${name}`;
  const layers = requiredCount(meta, key('block_count'));
  // Checked before anything is sized by it: per-layer arrays of 1e12 entries do not exist.
  if (layers > GEOMETRY_LIMITS.layers) throw new InvalidMetadataError(`"${key('block_count')}" is ${layers}; no model has more than ${GEOMETRY_LIMITS.layers} layers.`, `Fix "${key('block_count')}" (the file is damaged or not a model).`);
  const embeddingLength = requiredCount(meta, key('embedding_length'));
  const heads = scalarOrArray(meta, key('attention.head_count'), layers) ?? 0;
  const kvHeads = scalarOrArray(meta, key('attention.head_count_kv'), layers) ?? heads;
  const firstHeads = typeof heads === 'number' ? heads : (heads[0] ?? 0);
  const defaultHead = firstHeads > 0 ? Math.floor(embeddingLength / firstHeads) : embeddingLength;
  const keyLength = optionalCount(meta, key('attention.key_length')) ?? defaultHead;
  const valueLength = optionalCount(meta, key('attention.value_length')) ?? defaultHead;
  return bounded({
    architecture: arch,
    layers,
    embeddingLength,
    feedForwardLength: firstOf(scalarOrArray(meta, key('feed_forward_length'), layers)) ?? 0,
    heads,
    kvHeads,
    keyLength,
    valueLength,
    vocabSize: optionalCount(meta, key('vocab_size')) ?? (Array.isArray(meta['tokenizer.ggml.tokens']) ? meta['tokenizer.ggml.tokens'].length : 0),
    contextLength: optionalCount(meta, key('context_length')) ?? 0,
    ...slidingWindow(meta, arch, layers),
    keyLengthSwa: optionalCount(meta, key('attention.key_length_swa')),
    valueLengthSwa: optionalCount(meta, key('attention.value_length_swa')),
    mla: mla(meta, arch),
    experts: experts(meta, arch),
    ssm: ssm(meta, arch, layers, kvHeads),
  });
}

/**
 * The geometry within the schema's upper bounds and with a plain architecture name, or an error naming
 * the fields outside them. Zeros the schema would refuse (a recurrent model has no heads) are what
 * llama.cpp reads, so only what is too large or unsafe to print is refused here.
 */
function bounded(geometry: ModelGeometry): ModelGeometry {
  const parsed = ModelGeometrySchema.safeParse(geometry);
  const issues = parsed.success ? [] : parsed.error.issues.filter((i) => i.code === 'too_big' || i.path[0] === 'architecture');
  if (issues.length === 0) return geometry;
  const problems = issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new InvalidMetadataError(`The metadata describes a geometry no model has (${problems}).`, 'Fix those keys (the file is damaged, or the numbers are wrong).');
}

function slidingWindow(meta: FlatMetadata, arch: string, layers: number): Pick<ModelGeometry, 'slidingWindow' | 'slidingWindowLayers'> {
  const defaults = SWA_DEFAULTS[arch];
  const window = optionalCount(meta, `${arch}.attention.sliding_window`) ?? defaults?.window ?? null;
  if (window === null || window === 0 || SWA_IGNORED.has(arch)) return { slidingWindow: null, slidingWindowLayers: null };
  const pattern = meta[`${arch}.attention.sliding_window_pattern`];
  let swaLayers: boolean[];
  if (Array.isArray(pattern)) swaLayers = Array.from({ length: layers }, (_, il) => Boolean(pattern[il]));
  else if (typeof pattern === 'number') swaLayers = slidingWindowLayersFromPattern(layers, pattern, defaults?.denseFirst);
  // An architecture without a known pattern that has a window uses it on every layer (mistral-style).
  else swaLayers = defaults ? slidingWindowLayersFromPattern(layers, defaults.pattern, defaults.denseFirst) : Array<boolean>(layers).fill(true);
  return swaLayers.some(Boolean) ? { slidingWindow: window, slidingWindowLayers: swaLayers } : { slidingWindow: null, slidingWindowLayers: null };
}

function mla(meta: FlatMetadata, arch: string): ModelGeometry['mla'] {
  const kvLoraRank = optionalCount(meta, `${arch}.attention.kv_lora_rank`);
  if (!kvLoraRank) return null;
  const ropeDim = optionalCount(meta, `${arch}.rope.dimension_count`) ?? 64;
  const keyLengthMla = optionalCount(meta, `${arch}.attention.key_length_mla`);
  const valueLengthMla = optionalCount(meta, `${arch}.attention.value_length_mla`);
  const keyLength = optionalCount(meta, `${arch}.attention.key_length`) ?? 0;
  const valueLength = optionalCount(meta, `${arch}.attention.value_length`) ?? 0;
  return {
    kvLoraRank,
    qLoraRank: optionalCount(meta, `${arch}.attention.q_lora_rank`) ?? 0,
    ropeDim,
    // Files converted before llama.cpp's MLA cache keep the per-head sizes in key_length / value_length.
    keyLengthMla: keyLengthMla ?? keyLength,
    valueLengthMla: valueLengthMla ?? valueLength,
    layout: keyLengthMla && valueLengthMla ? 'latent' : 'expanded',
  };
}

function experts(meta: FlatMetadata, arch: string): ModelGeometry['experts'] {
  const count = optionalCount(meta, `${arch}.expert_count`);
  if (!count) return null;
  return {
    count,
    used: optionalCount(meta, `${arch}.expert_used_count`) ?? 1,
    shared: optionalCount(meta, `${arch}.expert_shared_count`) ?? 0,
    feedForwardLength: firstOf(scalarOrArray(meta, `${arch}.expert_feed_forward_length`, 1)) ?? firstOf(scalarOrArray(meta, `${arch}.feed_forward_length`, 1)) ?? 1,
    leadingDenseBlocks: optionalCount(meta, `${arch}.leading_dense_block_count`) ?? 0,
  };
}

function ssm(meta: FlatMetadata, arch: string, layers: number, kvHeads: number | number[]): ModelGeometry['ssm'] {
  const stateSize = optionalCount(meta, `${arch}.ssm.state_size`);
  if (!stateSize) return null;
  return {
    convKernel: optionalCount(meta, `${arch}.ssm.conv_kernel`) ?? 0,
    innerSize: optionalCount(meta, `${arch}.ssm.inner_size`) ?? 0,
    stateSize,
    groupCount: optionalCount(meta, `${arch}.ssm.group_count`) ?? 0,
    // Hybrids mark recurrent layers by giving them no KV heads.
    recurrentLayers: Array.from({ length: layers }, (_, il) => (typeof kvHeads === 'number' ? kvHeads === 0 || !hasAttention(arch) : (kvHeads[il] ?? 0) === 0)),
  };
}

const hasAttention = (arch: string) => !['mamba', 'mamba2', 'rwkv6', 'rwkv7'].includes(arch);
const firstOf = (v: number | number[] | null) => (v === null ? null : typeof v === 'number' ? v : (v.find((x) => x > 0) ?? null));

function requiredCount(meta: FlatMetadata, key: string): number {
  const value = optionalCount(meta, key);
  if (value === null || value === 0) throw new InvalidMetadataError(`The metadata has no "${key}".`, `Add "${key}" (a positive integer) as it appears in the GGUF file.`);
  return value;
}

function optionalCount(meta: FlatMetadata, key: string): number | null {
  const value = meta[key];
  if (value === undefined || value === null) return null;
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new InvalidMetadataError(`"${key}" must be a non-negative integer, got ${JSON.stringify(String(value))}.`, `Fix "${key}" in the metadata.`);
  }
  return n;
}

function scalarOrArray(meta: FlatMetadata, key: string, layers: number): number | number[] | null {
  const value = meta[key];
  if (!Array.isArray(value)) return optionalCount(meta, key);
  if (value.length < layers) throw new InvalidMetadataError(`"${key}" has ${value.length} entries for ${layers} layers.`, `Give "${key}" one entry per layer, or a single number.`);
  return value.slice(0, layers).map((v, il) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InvalidMetadataError(`"${key}"[${il}] must be a non-negative integer.`, `Fix "${key}" in the metadata.`);
    return v;
  });
}
