import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../src-shared/domain/memory/GraphBuilder';
import { peakGraphBytes } from '../../src-shared/domain/memory/peakGraphBytes';
import { estimateComputeBytes } from '../../src-shared/domain/memory/estimateCompute';
import { buildComputeGraph } from '../../src-shared/domain/memory/buildComputeGraph';
import { estimateKvCache } from '../../src-shared/domain/memory/estimateKvCache';
import { llamaCppRules } from '../../src-shared/domain/memory/KvCacheRules';
import { representativeLayers } from '../../src-shared/domain/memory/representativeLayers';
import { findPreset, modelPresets, scaleDepth } from '../../src-shared/domain/models/modelPresets';

// The port of ggml's graph allocator: what it reuses, what it frees, and where fragmentation costs memory.

describe('peakGraphBytes', () => {
  it('runs a chain of in-place ops in the memory of the first', () => {
    const G = new GraphBuilder();
    const x = G.input(64);
    G.output(G.inplace(G.inplace(G.inplace(G.op(1024, [x])))));
    expect(peakGraphBytes(G.tensors)).toBe(64 + 1024);
  });

  it('gives an op its own memory when its parent has another reader still to come', () => {
    const G = new GraphBuilder();
    const a = G.op(1024, []);
    const b = G.inplace(a);
    G.output(G.op(1024, [a, b]));
    expect(peakGraphBytes(G.tensors)).toBe(3 * 1024);
  });

  it('frees a tensor after its last reader, and a later one of the same size takes its place', () => {
    const G = new GraphBuilder();
    const a = G.op(1024, []);
    const b = G.op(1024, [a]);
    const c = G.op(1024, [b]);
    G.output(G.op(1024, [c]));
    expect(peakGraphBytes(G.tensors)).toBe(2 * 1024);
  });

  it('pays for fragmentation: a hole too small for the next tensor leaves it at the end', () => {
    const G = new GraphBuilder();
    const small = G.op(1024, []);
    const keep = G.op(1024, [small]);
    // `small` is free now, but 2048 bytes do not fit in its hole: they go after `keep`.
    G.output(G.op(2048, [keep]));
    expect(peakGraphBytes(G.tensors)).toBe(4 * 1024);
  });

  it('keeps a tensor alive while a view of it is read, and never works in place through a view', () => {
    const G = new GraphBuilder();
    const a = G.op(1024, []);
    const b = G.inplace(G.view(a));
    // a is freed once the view's reader ran: the next tensor takes its place.
    G.output(G.op(32, [b]));
    expect(peakGraphBytes(G.tensors)).toBe(2 * 1024);
  });

  it('allocates inputs first, and an input nothing reads stays for the whole graph', () => {
    const G = new GraphBuilder();
    G.input(4096);
    const a = G.op(1024, []);
    G.output(G.op(1024, [a]));
    expect(peakGraphBytes(G.tensors)).toBe(4096 + 2048);
  });

  it('rounds every tensor up to the CPU buffer alignment (32 bytes)', () => {
    const G = new GraphBuilder();
    G.output(G.op(1, []));
    G.output(G.op(33, []));
    expect(peakGraphBytes(G.tensors)).toBe(32 + 64);
  });
});

describe('estimateComputeBytes', () => {
  const g = { ...findPreset('llama-3.1-8b')!.geometry, layers: 2 };
  const at = (cells: number, ubatchSize: number, flashAttention: boolean) => estimateComputeBytes({ geometry: g, layerCells: [cells, cells], ubatchSize, flashAttention });

  it('without flash attention holds the f32 KQ scores: heads × cells × ubatch', () => {
    expect(at(32768, 512, false)).toBeGreaterThan(32 * 32768 * 512 * 4);
    expect(at(32768, 512, true)).toBeLessThan((32 * 32768 * 512 * 4) / 4);
  });

  it('with a large vocabulary is the logits of every ubatch token plus two embeddings (llama-fit-params: 266.50 MiB)', () => {
    expect(at(4096, 512, true) / 2 ** 20).toBeCloseTo(266.5, 1);
  });

  it('reserves min(context, ubatch) tokens', () => {
    expect(at(256, 2048, true)).toBe(at(256, 256, true));
  });
});

describe('representativeLayers', () => {
  it('keeps the full stack\'s peak for every preset at its real depth and a few layers more, FA on and off', () => {
    for (const preset of modelPresets) {
      for (const [depth, context] of [[0, 4096], [1, 40960], [3, 40960]] as const) {
        const g = scaleDepth(preset.geometry, preset.geometry.layers + depth);
        const name = `${preset.name} + ${depth} layers`;
        const kv = estimateKvCache({ geometry: g, contextSize: context, typeK: 'f16', typeV: 'f16', sequences: 1, ubatchSize: 512, flashAttention: true, rules: llamaCppRules });
        const layerCells = kv.layers.map((l) => l.cells);
        const layers = representativeLayers(g, layerCells);
        expect(layers.length, name).toBeLessThanOrEqual(g.layers);
        if (preset.name === 'llama-3.1-8b') expect(layers.length).toBeLessThanOrEqual(5);
        for (const flashAttention of [true, false]) {
          const input = { geometry: g, tokens: 512, layerCells, flashAttention };
          expect(peakGraphBytes(buildComputeGraph({ ...input, layers })), `${name} ${context} ${flashAttention}`).toBe(peakGraphBytes(buildComputeGraph(input)));
        }
      }
    }
  });

  it('builds a model whose layers do not repeat whole', () => {
    const g = { ...findPreset('llama-3.1-8b')!.geometry, layers: 12, kvHeads: [8, 8, 4, 8, 2, 8, 8, 1, 8, 8, 0, 8] };
    expect(representativeLayers(g, Array(12).fill(4096))).toHaveLength(12);
  });
});
