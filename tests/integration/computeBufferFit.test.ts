import { describe, expect, it } from 'vitest';
import { estimateMemory } from '../../src-shared/domain/memory/estimateMemory';
import { readGgufSummary } from '../../src-main/models/gguf/readGgufSummary';
import { FIT_PARAMS_SKIP_REASON, fitParamsComputeMiB } from '../support/fitParamsCompute';
import { tinyModel } from '../support/tinyModel';
import { tinyMoeModel } from '../support/tinyMoeModel';

// The compute buffer the memory model predicts is the one llama.cpp reserves: llama-fit-params (the llama.cpp
// node-llama-cpp bundles) on tiny models of every architecture the graph replay knows, FA on and off.
// tests/bench/computeBufferFit.bench.test.ts does the same on full-width layers.

const MiB = 1024 * 1024;
const suffix = FIT_PARAMS_SKIP_REASON ? ` (skipped: ${FIT_PARAMS_SKIP_REASON})` : '';

const models: [string, () => Promise<string>][] = [
  ['llama', () => tinyModel({ embeddingLength: 256, heads: 4, kvHeads: 2, feedForwardLength: 704, vocabSize: 1024 })],
  ['qwen2', () => tinyModel({ architecture: 'qwen2', embeddingLength: 128, heads: 4, kvHeads: 1, feedForwardLength: 512 })],
  ['qwen3 (head wider than the embedding)', () => tinyModel({ architecture: 'qwen3', embeddingLength: 128, heads: 4, kvHeads: 2, headDim: 64, feedForwardLength: 256 })],
  ['gemma2 (sliding window)', () => tinyModel({ architecture: 'gemma2', layers: 3, embeddingLength: 128, heads: 4, kvHeads: 2, headDim: 64, feedForwardLength: 512, slidingWindow: 256 })],
  ['gemma3 (5 sliding layers per full one)', () => tinyModel({ architecture: 'gemma3', layers: 7, embeddingLength: 128, heads: 4, kvHeads: 1, headDim: 64, feedForwardLength: 256, slidingWindow: 128 })],
  ['phi3 (fused QKV and gate+up)', () => tinyModel({ architecture: 'phi3', embeddingLength: 192, heads: 6, kvHeads: 6, feedForwardLength: 512 })],
  ['deepseek2 (MLA, shared and routed experts)', () => tinyModel({ architecture: 'deepseek2', layers: 3, embeddingLength: 128, heads: 4, feedForwardLength: 256 })],
  ['qwen3moe', () => tinyMoeModel()],
  // Deep stacks: the estimate replays a short stack with the same peak (representativeLayers).
  ['llama, 13 layers', () => tinyModel({ layers: 13, embeddingLength: 128, heads: 4, kvHeads: 2, feedForwardLength: 320 })],
  ['gemma3, 40 layers', () => tinyModel({ architecture: 'gemma3', layers: 40, embeddingLength: 128, heads: 4, kvHeads: 1, headDim: 64, feedForwardLength: 256, slidingWindow: 128 })],
  ['deepseek2, 10 layers', () => tinyModel({ architecture: 'deepseek2', layers: 10, embeddingLength: 128, heads: 4, feedForwardLength: 256 })],
];

describe.skipIf(FIT_PARAMS_SKIP_REASON !== null)(`compute buffer vs llama-fit-params${suffix}`, () => {
  it.each(models)('%s: equal to the byte llama.cpp prints (0.01 MiB), FA on and off, ubatch below and above the context, 4 sequences', async (_name, make) => {
    const model = await make();
    const { geometry } = await readGgufSummary(model);
    for (const flashAttention of [true, false]) {
      for (const [contextSize, ubatchSize, sequences] of [[512, 128, 1], [2048, 512, 1], [256, 512, 1], [2048, 256, 4], [2048, 1024, 4]] as const) {
        const reference = fitParamsComputeMiB({ model, contextSize, ubatchSize, flashAttention, sequences });
        const estimate = estimateMemory({ geometry, contextSize, ubatchSize, batchSize: Math.max(2048, ubatchSize), flashAttention, sequences }).computeBytes / MiB;
        const settings = { contextSize, ubatchSize, sequences, flashAttention };
        expect({ ...settings, estimate: estimate.toFixed(2) }).toEqual({ ...settings, estimate: reference.toFixed(2) });
      }
    }
  });
});
