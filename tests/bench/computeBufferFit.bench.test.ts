import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, it } from 'vitest';
import { estimateMemory } from '../../src-shared/domain/memory/estimateMemory';
import { slidingWindowLayersFromPattern, type ModelGeometry } from '../../src-shared/domain/models/ModelGeometry';
import { findPreset, modelPresets, scaleDepth, withDefaults } from '../../src-shared/domain/models/modelPresets';
import { readGgufSummary } from '../../src-main/models/gguf/readGgufSummary';
import { writeSyntheticGguf } from '../../src-main/models/synth/writeSyntheticGguf';
import { FIT_PARAMS_SKIP_REASON, fitParamsComputeMiB } from '../support/fitParamsCompute';

// The compute buffer of the memory model (a replay of llama.cpp's graph allocation) against llama.cpp's own
// figure, llama-fit-params of the bundled release, on CPU, for full-width layers of every preset and of
// geometries where the logits are not the largest tensor (small vocabulary or FFN, wide embeddings, SWA, MLA).
// Nothing in the model is fitted; the graph rules were worked out on the development set, so the held-out
// set (other widths, depths, windows, expert counts, contexts and ubatches) is the one that judges them.

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(os.tmpdir(), 'headroom-compute-fit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const preset = (name: string) => findPreset(name)!.geometry;
const development: [string, ModelGeometry][] = [
  ...modelPresets.map((p): [string, ModelGeometry] => [p.name, scaleDepth(p.geometry, 2)]),
  ['llama, vocab 2048', scaleDepth({ ...preset('llama-3.1-8b'), vocabSize: 2048 }, 2)],
  ['qwen2, vocab 4096', scaleDepth({ ...preset('qwen2.5-7b'), vocabSize: 4096 }, 2)],
  ['qwen3, FFN 3072', scaleDepth({ ...preset('qwen3-8b'), feedForwardLength: 3072, vocabSize: 8192 }, 2)],
  ['gemma2, vocab 4096', scaleDepth({ ...preset('gemma-2-9b'), vocabSize: 4096 }, 2)],
  ['gemma3, vocab 4096', scaleDepth({ ...preset('gemma-3-4b'), vocabSize: 4096 }, 2)],
  ['phi3, vocab 2048', scaleDepth({ ...preset('phi-3-mini'), vocabSize: 2048 }, 2)],
  ['deepseek2, vocab 4096', scaleDepth({ ...preset('deepseek-v2-lite'), vocabSize: 4096 }, 2)],
  ['qwen3moe, vocab 4096', scaleDepth({ ...preset('qwen3-30b-a3b'), vocabSize: 4096 }, 2)],
  ['llama, embedding 8192', scaleDepth({ ...preset('llama-3.1-8b'), embeddingLength: 8192, heads: 64, feedForwardLength: 8192, vocabSize: 32000 }, 2)],
];
const heldOut: [string, ModelGeometry][] = [
  ['llama 2560/6912', withDefaults({ architecture: 'llama', layers: 3, embeddingLength: 2560, feedForwardLength: 6912, heads: 20, kvHeads: 4, keyLength: 128, valueLength: 128, vocabSize: 50000, contextLength: 32768 })],
  ['qwen2 1536/8960', withDefaults({ architecture: 'qwen2', layers: 4, embeddingLength: 1536, feedForwardLength: 8960, heads: 12, kvHeads: 2, keyLength: 128, valueLength: 128, vocabSize: 151936, contextLength: 32768 })],
  ['qwen3 2560, 32 heads', withDefaults({ architecture: 'qwen3', layers: 3, embeddingLength: 2560, feedForwardLength: 9728, heads: 32, kvHeads: 8, keyLength: 128, valueLength: 128, vocabSize: 6000, contextLength: 32768 })],
  ['gemma2 2304, window 4096', withDefaults({
    architecture: 'gemma2', layers: 3, embeddingLength: 2304, feedForwardLength: 9216, heads: 8, kvHeads: 4, keyLength: 256, valueLength: 256, vocabSize: 8000, contextLength: 8192,
    slidingWindow: 4096, slidingWindowLayers: slidingWindowLayersFromPattern(3, 2),
  })],
  ['gemma3 1152, window 512, 7 layers', withDefaults({
    architecture: 'gemma3', layers: 7, embeddingLength: 1152, feedForwardLength: 6912, heads: 4, kvHeads: 1, keyLength: 256, valueLength: 256, vocabSize: 262144, contextLength: 32768,
    slidingWindow: 512, slidingWindowLayers: slidingWindowLayersFromPattern(7, 6),
  })],
  ['phi3 5120/17920', withDefaults({ architecture: 'phi3', layers: 2, embeddingLength: 5120, feedForwardLength: 17920, heads: 40, kvHeads: 10, keyLength: 128, valueLength: 128, vocabSize: 32064, contextLength: 32768 })],
  ['deepseek2 MLA, 32 experts', withDefaults({
    architecture: 'deepseek2', layers: 3, embeddingLength: 1536, feedForwardLength: 4096, heads: 8, kvHeads: 1, keyLength: 576, valueLength: 512, vocabSize: 3000, contextLength: 32768,
    mla: { kvLoraRank: 512, qLoraRank: 0, ropeDim: 64, keyLengthMla: 192, valueLengthMla: 128, layout: 'latent' },
    experts: { count: 32, used: 4, shared: 1, feedForwardLength: 1024, leadingDenseBlocks: 1 },
  })],
  ['qwen3moe 64 experts', withDefaults({
    architecture: 'qwen3moe', layers: 3, embeddingLength: 1024, feedForwardLength: 3072, heads: 16, kvHeads: 2, keyLength: 128, valueLength: 128, vocabSize: 32000, contextLength: 32768,
    experts: { count: 64, used: 4, shared: 0, feedForwardLength: 512, leadingDenseBlocks: 0 },
  })],
];

interface Row {
  set: string;
  name: string;
  architecture: string;
  fa: boolean;
  error: number;
  line: string;
}

async function measure(set: string, models: [string, ModelGeometry][], contexts: number[], ubatches: number[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [name, geometry] of models) {
    const model = join(dir, `${set}-${rows.length}.gguf`);
    await writeSyntheticGguf({ geometry, outPath: model, weightType: 'q4_0' });
    const summary = await readGgufSummary(model);
    for (const fa of [true, false]) {
      for (const contextSize of contexts) {
        for (const ubatchSize of ubatches) {
          const reference = fitParamsComputeMiB({ model, contextSize, ubatchSize, flashAttention: fa });
          const estimate = estimateMemory({ geometry: summary.geometry, contextSize, ubatchSize, batchSize: Math.max(2048, ubatchSize), flashAttention: fa }).computeBytes / MiB;
          const error = (estimate - reference) / reference;
          rows.push({ set, name, architecture: geometry.architecture, fa, error, line: `${set.padEnd(9)} ${name.padEnd(34)} fa ${fa ? 'on ' : 'off'} ctx ${String(contextSize).padStart(6)} ub ${String(ubatchSize).padStart(5)} | llama-fit-params ${reference.toFixed(2).padStart(9)} MiB, estimate ${estimate.toFixed(2).padStart(9)} MiB, ${(error * 100).toFixed(2).padStart(7)} %` });
        }
      }
    }
    rmSync(model, { force: true });
  }
  return rows;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const summary = (label: string, rows: Row[]) => {
  const abs = rows.map((r) => Math.abs(r.error) * 100);
  return `${label.padEnd(40)} n ${String(rows.length).padStart(3)}  median |error| ${median(abs).toFixed(2).padStart(6)} %  max ${Math.max(...abs).toFixed(2).padStart(6)} %`;
};

it(`compute buffer: estimate vs llama-fit-params, per architecture and FA setting${FIT_PARAMS_SKIP_REASON ? ` (skipped: ${FIT_PARAMS_SKIP_REASON})` : ''}`, async () => {
  if (FIT_PARAMS_SKIP_REASON) return;
  const rows = [
    ...(await measure('develop', development, [1024, 4096, 32768], [128, 512, 2048])),
    ...(await measure('held-out', heldOut, [2048, 16384], [256, 1024])),
  ];
  console.log(rows.map((r) => r.line).join('\n'));
  const lines: string[] = [];
  for (const set of ['develop', 'held-out']) {
    for (const fa of [true, false]) lines.push(summary(`${set}, FA ${fa ? 'on' : 'off'}`, rows.filter((r) => r.set === set && r.fa === fa)));
    for (const arch of [...new Set(rows.map((r) => r.architecture))]) {
      for (const fa of [true, false]) lines.push(summary(`${set}, ${arch}, FA ${fa ? 'on' : 'off'}`, rows.filter((r) => r.set === set && r.architecture === arch && r.fa === fa)));
    }
  }
  console.log(`CPU compute buffer, ${os.cpus()[0]?.model ?? 'CPU'}, llama-fit-params from HEADROOM_LLAMA_CPP_BIN:\n${lines.join('\n')}`);
});
