import { perLayer, type ModelGeometry } from '../models/ModelGeometry.js';
import { ggmlTypeByName, rowBytes, type GgmlTypeInfo } from './ggmlTypes.js';
import type { KvCacheRules } from './KvCacheRules.js';

/** Options of {@link estimateKvCache}. */
export interface KvCacheInput {
  geometry: ModelGeometry;
  /** Requested context (tokens, all sequences together). */
  contextSize: number;
  /** K cache element type. */
  typeK: string;
  /** V cache element type. */
  typeV: string;
  /** Parallel sequences (llama.cpp `-np`). */
  sequences: number;
  ubatchSize: number;
  /** Without flash attention V is stored transposed, and layers of different widths all take the widest V. */
  flashAttention: boolean;
  rules: KvCacheRules;
}

/** One layer's share of the cache. */
export interface KvLayer {
  layer: number;
  cells: number;
  kBytes: number;
  vBytes: number;
  /** Recurrent state (SSM/RWKV layers): fixed size, independent of context. */
  stateBytes: number;
  slidingWindow: boolean;
}

export interface KvCacheEstimate {
  /** Context after llama.cpp's padding: the cells of a full-attention layer. */
  paddedContext: number;
  /** Cells of a sliding-window layer, or null without sliding-window layers. */
  slidingWindowCells: number | null;
  kBytes: number;
  vBytes: number;
  stateBytes: number;
  totalBytes: number;
  layers: KvLayer[];
}

const pad = (n: number, to: number) => Math.ceil(n / to) * to;

export function cacheType(name: string): GgmlTypeInfo {
  const type = ggmlTypeByName(name);
  if (!type) throw new RangeError(`unknown KV cache type "${name}"`);
  return type;
}

/**
 * Bytes of the KV cache llama.cpp allocates: per layer, K = kvHeads × keyLength × cells and V likewise, each row
 * in its type's blocks; sliding-window layers hold only the window; MLA caches the latent; recurrent layers hold a
 * fixed state per sequence.
 */
export function estimateKvCache(input: KvCacheInput): KvCacheEstimate {
  const { geometry: g, rules } = input;
  const typeK = cacheType(input.typeK);
  const typeV = cacheType(input.typeV);
  const seqs = Math.max(1, input.sequences);
  // llama.cpp: n_ctx is padded; a separate (non-unified) cache gives each sequence its own padded stream.
  let paddedContext = pad(Math.max(1, input.contextSize), rules.contextPadding);
  const streams = rules.kvUnified ? 1 : seqs;
  const perStream = rules.kvUnified ? paddedContext : pad(Math.max(1, Math.floor(paddedContext / seqs)), rules.contextPadding);
  paddedContext = perStream * streams;
  const hasSwa = Boolean(g.slidingWindow && g.slidingWindowLayers?.some(Boolean));
  const slidingWindowCells = hasSwa
    ? rules.slidingWindowCache
      ? pad(Math.min(perStream, g.slidingWindow! * (rules.kvUnified ? seqs : 1) + input.ubatchSize), 256) * streams
      : paddedContext
    : null;
  const widths = Array.from({ length: g.layers }, (_, il) => layerWidths(g, il, rules));
  const widestV = Math.max(0, ...widths.map((w) => w.v));
  const layers = widths.map((w, il): KvLayer => {
    const swa = hasSwa && Boolean(g.slidingWindowLayers![il]);
    const cells = w.k === 0 && w.v === 0 ? 0 : swa ? slidingWindowCells! : paddedContext;
    const vWidth = w.v === 0 ? 0 : input.flashAttention ? w.v : widestV;
    return {
      layer: il,
      cells,
      kBytes: rowBytes(typeK, w.k) * cells,
      vBytes: rowBytes(typeV, vWidth) * cells,
      stateBytes: w.state * input.sequences,
      slidingWindow: swa,
    };
  });
  const kBytes = sum(layers.map((l) => l.kBytes));
  const vBytes = sum(layers.map((l) => l.vBytes));
  const stateBytes = sum(layers.map((l) => l.stateBytes));
  return { paddedContext, slidingWindowCells, kBytes, vBytes, stateBytes, totalBytes: kBytes + vBytes + stateBytes, layers };
}

/** Elements per cell of K and V in one layer, and its recurrent state in bytes. */
function layerWidths(g: ModelGeometry, il: number, rules: KvCacheRules): { k: number; v: number; state: number } {
  if (g.ssm?.recurrentLayers[il]) return { k: 0, v: 0, state: recurrentStateBytes(g) };
  const kvHeads = perLayer(g.kvHeads, il);
  if (kvHeads === 0) return { k: 0, v: 0, state: 0 };
  if (g.mla) {
    if (g.mla.layout === 'latent') return { k: kvHeads * g.keyLength, v: rules.mlaSharedV ? 0 : kvHeads * g.valueLength, state: 0 };
    if (rules.mlaLatentForExpandedFiles) return { k: g.mla.kvLoraRank + g.mla.ropeDim, v: 0, state: 0 };
  }
  const swa = Boolean(g.slidingWindowLayers?.[il]);
  const keyLength = (swa ? g.keyLengthSwa : null) ?? g.keyLength;
  const valueLength = (swa ? g.valueLengthSwa : null) ?? g.valueLength;
  return { k: kvHeads * keyLength, v: kvHeads * valueLength, state: 0 };
}

/** Mamba-style conv + SSM state in f32 (llama.cpp's n_embd_r + n_embd_s per sequence). */
function recurrentStateBytes(g: ModelGeometry): number {
  const s = g.ssm!;
  const conv = Math.max(0, s.convKernel - 1) * (s.innerSize + 2 * s.groupCount * s.stateSize);
  return (conv + s.stateSize * s.innerSize) * 4;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
