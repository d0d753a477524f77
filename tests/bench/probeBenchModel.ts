import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { withDefaults } from '../../src-shared/domain/models/modelPresets';
import { writeSyntheticGguf } from '../../src-main/models/synth/writeSyntheticGguf';

/**
 * The model the probe benchmarks run on: a Llama-shaped synthetic GGUF with a real attention shape
 * (head size 128, 4:1 grouped-query attention) but few, narrow layers, so that contexts of thousands of
 * tokens take seconds on one CPU thread. q4_0 weights, as most local models.
 */
export const BENCH_GEOMETRY = withDefaults({ architecture: 'llama', layers: 4, embeddingLength: 1024, feedForwardLength: 2816, heads: 8, kvHeads: 2, keyLength: 128, valueLength: 128, vocabSize: 32000, contextLength: 32768 });

export async function benchModel(): Promise<string> {
  const path = join(os.tmpdir(), 'headroom-bench-models', 'llama-4x1024-gqa4-q4_0.gguf');
  if (!existsSync(path)) await writeSyntheticGguf({ geometry: BENCH_GEOMETRY, outPath: path, weightType: 'q4_0', seed: 7, name: 'headroom bench llama 4×1024 GQA 4:1' });
  return path;
}
