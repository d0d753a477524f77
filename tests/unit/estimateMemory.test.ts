import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateKvCache } from '../../src-shared/domain/memory/estimateKvCache';
import { estimateMemory } from '../../src-shared/domain/memory/estimateMemory';
import { kvCacheRuleProfiles, type KvCacheRuleProfile } from '../../src-shared/domain/memory/KvCacheRules';
import { geometryFromMetadata } from '../../src-shared/domain/models/geometryFromMetadata';
import { findPreset } from '../../src-shared/domain/models/modelPresets';
import { ROOT } from '../support/paths';

// Real llama.cpp logs: each case cites its thread (url) and quotes the lines it reproduces (excerpt).
interface LogCase {
  id: string;
  url: string;
  runtime: string;
  llamaCppVersion: string | null;
  metadata: Record<string, unknown>;
  settings: { nCtx: number; nSeqMax: number | null; nUbatch: number | null; flashAttention: boolean | null; typeK: string; typeV: string | null };
  printed: { kvTotalMiB: number; kMiB: number | null; vMiB: number | null };
}

const cases = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/memory/llama-log-cases.json'), 'utf8')) as LogCase[];
const MiB = 1024 * 1024;

/** Which build's rules printed the log (the rules differ between builds; see KvCacheRules). */
function profileOf(c: LogCase): KvCacheRuleProfile {
  if (/ik_llama/.test(c.runtime) && !/mainline/.test(c.runtime)) return c.settings.typeV === null ? 'ik_llama.cpp-mla' : 'ik_llama.cpp';
  const build = Number(/(?:build|version)[:=]?\s*(\d+)/.exec(c.llamaCppVersion ?? '')?.[1] ?? NaN);
  if (build < 5330) return 'llama.cpp-pre-iswa';
  if (build < 7000) return 'llama.cpp-2025';
  return 'llama.cpp';
}

function estimateCase(c: LogCase) {
  return estimateKvCache({
    geometry: geometryFromMetadata(c.metadata),
    contextSize: c.settings.nCtx,
    typeK: c.settings.typeK,
    typeV: c.settings.typeV ?? 'f16',
    sequences: c.settings.nSeqMax ?? 1,
    ubatchSize: c.settings.nUbatch ?? 512,
    flashAttention: c.settings.flashAttention ?? true,
    rules: kvCacheRuleProfiles[profileOf(c)],
  });
}

describe('KV cache against sizes llama.cpp printed in real logs', () => {
  it('has at least 15 cited cases over several architectures, quantized KV, GQA, SWA and MLA', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    for (const c of cases) expect(c.url).toMatch(/^https:\/\//);
    const archs = new Set(cases.map((c) => c.metadata['general.architecture']));
    expect(archs.size).toBeGreaterThanOrEqual(5);
    expect(cases.some((c) => c.settings.typeK !== 'f16')).toBe(true);
    expect(cases.some((c) => c.metadata[`${String(c.metadata['general.architecture'])}.attention.sliding_window`])).toBe(true);
    expect(cases.some((c) => c.metadata[`${String(c.metadata['general.architecture'])}.attention.kv_lora_rank`])).toBe(true);
    // Mainline llama.cpp's iSWA cache (sliding-window layers hold window + ubatch cells), from real logs.
    const mainlineSwa = cases.filter((c) => /mainline/.test(c.runtime) && c.metadata[`${String(c.metadata['general.architecture'])}.attention.sliding_window`]);
    expect(mainlineSwa.length).toBeGreaterThanOrEqual(3);
  });

  for (const c of cases) {
    it(`${c.id} (${profileOf(c)}): within 1 % of ${c.printed.kvTotalMiB} MiB`, () => {
      const kv = estimateCase(c);
      const total = (kv.kBytes + kv.vBytes) / MiB;
      expect(Math.abs(total - c.printed.kvTotalMiB) / c.printed.kvTotalMiB).toBeLessThan(0.01);
      if (c.printed.kMiB !== null) expect(Math.abs(kv.kBytes / MiB - c.printed.kMiB)).toBeLessThan(0.01 * c.printed.kMiB + 0.01);
      if (c.printed.vMiB !== null) expect(Math.abs(kv.vBytes / MiB - c.printed.vMiB)).toBeLessThan(0.01 * c.printed.vMiB + 0.01);
    });
  }
});

describe('estimateMemory', () => {
  const llama = findPreset('llama-3.1-8b')!.geometry;

  it('splits K and V, and quantized types shrink them by their block sizes', () => {
    const f16 = estimateMemory({ geometry: llama, contextSize: 8192 });
    expect(f16.kvCache.kBytes).toBe(32 * 8 * 128 * 8192 * 2);
    expect(f16.kvCache.vBytes).toBe(f16.kvCache.kBytes);
    const q8 = estimateMemory({ geometry: llama, contextSize: 8192, typeK: 'q8_0', typeV: 'q4_0' });
    expect(q8.kvCache.kBytes).toBe((f16.kvCache.kBytes / 2) * (34 / 32));
    expect(q8.kvCache.vBytes).toBe((f16.kvCache.vBytes / 2) * (18 / 32));
  });

  it('pads the context to 256 cells', () => {
    const e = estimateMemory({ geometry: llama, contextSize: 1000 });
    expect(e.kvCache.cells).toBe(1024);
  });

  it('caps sliding-window layers at window + ubatch, and --swa-full lifts the cap', () => {
    const gemma = findPreset('gemma-2-9b')!.geometry;
    const iswa = estimateMemory({ geometry: gemma, contextSize: 32768 });
    expect(iswa.kvCache.slidingWindowCells).toBe(4608);
    const perCell = 8 * 256 * 2 * 2;
    expect(iswa.kvCache.totalBytes).toBe(21 * perCell * 32768 + 21 * perCell * 4608);
    const full = estimateMemory({ geometry: gemma, contextSize: 32768, rules: { slidingWindowCache: false } });
    expect(full.kvCache.totalBytes).toBe(42 * perCell * 32768);
  });

  it('MLA caches the latent only', () => {
    const ds = findPreset('deepseek-v2-lite')!.geometry;
    const e = estimateMemory({ geometry: ds, contextSize: 4096 });
    expect(e.kvCache.kBytes).toBe(27 * 576 * 4096 * 2);
    expect(e.kvCache.vBytes).toBe(0);
  });

  it('places the last N layers and the output head on the GPU', () => {
    const tensors = [
      { name: 'token_embd.weight', bytes: 100 },
      { name: 'output.weight', bytes: 50 },
      ...Array.from({ length: 32 }, (_, il) => ({ name: `blk.${il}.ffn_up.weight`, bytes: 10 })),
    ];
    const e = estimateMemory({ geometry: llama, contextSize: 4096, tensors, gpus: [{ name: 'GPU' }], gpuLayers: 11 });
    const [cpu, gpu] = e.devices;
    expect(gpu!.layers).toBe(11);
    expect(gpu!.weightsBytes).toBe(50 + 10 * 10);
    expect(cpu!.weightsBytes).toBe(100 + 22 * 10);
    expect(gpu!.kvBytes).toBe((e.kvCache.totalBytes / 32) * 10);
    expect(e.weightsBytes).toBe(100 + 50 + 320);
  });

  it('splits layers across GPUs by weight', () => {
    const e = estimateMemory({ geometry: llama, contextSize: 4096, weightType: 'q4_0', gpus: [{ name: 'A', weight: 3 }, { name: 'B', weight: 1 }] });
    expect(e.devices[1]!.layers).toBe(25);
    expect(e.devices[2]!.layers).toBe(8);
    expect(e.devices[0]!.layers).toBe(0);
  });

  it('carries an error band around the total', () => {
    const e = estimateMemory({ geometry: llama, contextSize: 4096, weightType: 'q4_K' });
    expect(e.errorBand.lowBytes).toBeLessThan(e.totalBytes);
    expect(e.errorBand.highBytes).toBeGreaterThan(e.totalBytes);
    expect(e.weightsSource).toBe('geometry');
    expect(estimateMemory({ geometry: llama, contextSize: 4096 }).weightsBytes).toBeNull();
  });
});
