import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeSyntheticGguf } from '../../src-main/models/synth/writeSyntheticGguf';
import { withDefaults } from '../../src-shared/domain/models/modelPresets';
import { testCacheDir } from './paths';

/**
 * A tiny qwen3moe GGUF (4 layers, 16 experts, 4 used; the qwen3-30b-a3b layout at a small width), f16:
 * the llama.cpp build here crashes on q8_0 expert tensors of this size, so the weights stay f16.
 */
export async function tinyMoeModel(): Promise<string> {
  const path = join(testCacheDir('tiny-models'), 'tiny-qwen3moe-4L-16x256-f16-v1.gguf');
  if (existsSync(path)) return path;
  const geometry = withDefaults({
    architecture: 'qwen3moe', layers: 4, embeddingLength: 256, feedForwardLength: 512, heads: 4, kvHeads: 2, keyLength: 64, valueLength: 64, vocabSize: 512, contextLength: 8192,
    experts: { count: 16, used: 4, shared: 0, feedForwardLength: 256, leadingDenseBlocks: 0 },
  });
  await writeSyntheticGguf({ geometry, outPath: path, weightType: 'f16', seed: 1, name: 'headroom tiny qwen3moe' });
  return path;
}
