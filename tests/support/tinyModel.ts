import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelGeometry } from '../../src-shared/domain/models/ModelGeometry';
import type { SynthWeightType } from '../../src-main/models/synth/encodeTensorData';
import { writeSyntheticGguf } from '../../src-main/models/synth/writeSyntheticGguf';
import { testCacheDir } from './paths';

// Bump when the writer's output changes, so cached files from an older writer are not reused.
const WRITER_VERSION = 1;

/** Options of {@link tinyModel}. Every field is optional; the same options give the same file. */
export interface TinyModelOptions {
  /** Transformer blocks. Defaults to 2. */
  layers?: number;
  /** Key and value head size. Defaults to embeddingLength / heads (a wider head widens the KV cache, not the weights much). */
  headDim?: number;
  /** Hidden size (a multiple of 32 and of `heads`). Defaults to 64. */
  embeddingLength?: number;
  /** Query heads. Defaults to 4. */
  heads?: number;
  /** KV heads (GQA when fewer than `heads`). Defaults to 2. */
  kvHeads?: number;
  /** FFN size. Defaults to 128. */
  feedForwardLength?: number;
  /** Trained context. Defaults to 8192. */
  contextLength?: number;
  /** Tokens in the vocabulary (≥ 512). Defaults to 512. */
  vocabSize?: number;
  /** Weight type of the matrices. Defaults to `f16`. */
  weightType?: SynthWeightType;
  /** Architecture (`llama`, `qwen2`, `qwen3`, `gemma2`, `gemma3`, `phi3`, or `deepseek2`, which gets a tiny MLA
   * latent of 32 + 16 RoPE and 4 experts). Defaults to `llama`. */
  architecture?: string;
  /** Sliding window in tokens (gemma2/gemma3 only; their default layer pattern). Defaults to none. */
  slidingWindow?: number;
  /** Seed of the random weights. Defaults to 1. */
  seed?: number;
}

/**
 * The path of a tiny synthetic GGUF (a few layers, small dims, an SPM vocabulary with byte fallback,
 * so any text tokenizes) that node-llama-cpp loads in well under a second. Files are cached in the
 * test cache (testCacheDir) by their options, so tests, processes and runs of the same user share them.
 */
export async function tinyModel(options: TinyModelOptions = {}): Promise<string> {
  const geometry = tinyGeometry(options);
  const weightType = options.weightType ?? 'f16';
  const seed = options.seed ?? 1;
  const key = [geometry.architecture, geometry.layers, geometry.embeddingLength, geometry.heads, geometry.kvHeads, geometry.feedForwardLength,
    geometry.contextLength, geometry.vocabSize, geometry.slidingWindow ?? 0, geometry.keyLength, weightType, seed, WRITER_VERSION].join('-');
  const path = join(testCacheDir('tiny-models'), `tiny-${key}.gguf`);
  if (!existsSync(path)) await writeSyntheticGguf({ geometry, outPath: path, weightType, seed, name: 'headroom tiny test model' });
  return path;
}


/** The geometry {@link tinyModel} writes for `options`. */
export function tinyGeometry(options: TinyModelOptions = {}): ModelGeometry {
  const embeddingLength = options.embeddingLength ?? 64;
  const heads = options.heads ?? 4;
  const layers = options.layers ?? 2;
  const architecture = options.architecture ?? 'llama';
  const pattern = architecture === 'gemma2' ? 2 : 6;
  const slidingWindow = options.slidingWindow ?? null;
  const mla = architecture === 'deepseek2';
  return {
    architecture,
    layers,
    embeddingLength,
    feedForwardLength: options.feedForwardLength ?? 128,
    heads,
    kvHeads: mla ? 1 : (options.kvHeads ?? 2),
    keyLength: mla ? 48 : (options.headDim ?? embeddingLength / heads),
    valueLength: mla ? 32 : (options.headDim ?? embeddingLength / heads),
    vocabSize: options.vocabSize ?? 512,
    contextLength: options.contextLength ?? 8192,
    slidingWindow,
    slidingWindowLayers: slidingWindow === null ? null : Array.from({ length: layers }, (_, il) => il % pattern < pattern - 1),
    keyLengthSwa: null,
    valueLengthSwa: null,
    mla: mla ? { kvLoraRank: 32, qLoraRank: 0, ropeDim: 16, keyLengthMla: 32, valueLengthMla: 16, layout: 'latent' } : null,
    experts: mla ? { count: 4, used: 2, shared: 1, feedForwardLength: 32, leadingDenseBlocks: 1 } : null,
    ssm: null,
  };
}
