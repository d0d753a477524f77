import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WhatIfDevice } from '../../src-shared/contract/whatif';
import { WhatIfResultSchema } from '../../src-shared/contract/whatif';
import { findPreset } from '../../src-shared/domain/models/modelPresets';
import { answerDevice, onDevice } from '../../src-shared/domain/whatif/answerDevice';
import { estimateFor, type WhatIfModel } from '../../src-shared/domain/whatif/deviceMemory';
import { matchDevices } from '../../src-shared/domain/whatif/findDevice';
import { HardwareCatalogueSchema } from '../../src-shared/domain/whatif/HardwareCatalogue';
import { usableMemory } from '../../src-shared/domain/whatif/usableMemory';
import { whatIf } from '../../src-shared/domain/whatif/whatIf';
import { ROOT } from '../support/paths';

const catalogue = HardwareCatalogueSchema.parse(JSON.parse(readFileSync(join(ROOT, 'resources', 'hardware', 'catalogue.json'), 'utf8')));
const devices: WhatIfDevice[] = catalogue.devices.map((d) => ({ ...d, usableBytes: usableMemory(d).bytes, usableBasis: usableMemory(d).basis }));
const device = (name: string) => matchDevices(devices, name)[0]!;
const llama8b: WhatIfModel = { geometry: findPreset('llama-3.1-8b')!.geometry, tensors: null, weightType: 'q4_K' };
// LLaMA 1/2 7B: 32 layers, 32 heads (no GQA), 4096 wide, 32,000 tokens, as llama-bench's "llama 7B".
const llama7b: WhatIfModel = { geometry: { ...findPreset('llama-3.1-8b')!.geometry, kvHeads: 32, vocabSize: 32_000, feedForwardLength: 11_008, contextLength: 4096 }, tensors: null, weightType: 'q4_0' };

describe('the hardware catalogue', () => {
  it('covers NVIDIA, AMD, Intel, Apple silicon and RAM sizes, each with a source; bandwidth follows from bus and data rate', () => {
    expect(new Set(catalogue.devices.map((d) => d.vendor))).toEqual(new Set(['nvidia', 'amd', 'intel', 'apple', 'generic']));
    expect(new Set(catalogue.devices.map((d) => d.id)).size).toBe(catalogue.devices.length);
    for (const d of catalogue.devices) {
      expect(d.source.url, d.id).toMatch(/^https:\/\//);
      if (d.memoryBusBits) expect(d.bandwidthGBps, d.id).toBeCloseTo((d.memoryBusBits / 8) * d.memoryDataRateGbps!, 1);
      if (d.kind === 'unified') expect(d.workingSetBasis, d.id).toMatch(/observed|rule/);
    }
  });

  it('uses Metal\'s default working set as llama.cpp prints it for a 16 GB Mac, and finds devices by the names people use', () => {
    expect(device('Apple M2 16GB').usableBytes).toBe(11_453_250_000);
    expect(device('RTX 4060 8GB').id).toBe('rtx-4060-8gb');
    expect(device('nvidia geforce rtx 4060 8 GB').id).toBe('rtx-4060-8gb');
    expect(matchDevices(devices, 'RTX 4060').length).toBeGreaterThan(1);
    expect(matchDevices(devices, 'Voodoo 5')).toEqual([]);
  });
});

describe('whatif answers (estimates)', () => {
  it('the largest context fits and one step more does not, for FA on and off', () => {
    for (const name of ['RTX 4060 8GB', 'RTX 3060 12GB', 'RTX 3090 24GB']) {
      const d = device(name);
      const a = answerDevice(llama8b, d, 8192, 131_072);
      for (const fa of [true, false]) {
        const max = fa ? a.maxContext.flashAttention.on! : a.maxContext.flashAttention.off!;
        const bytes = (ctx: number) => onDevice(estimateFor(llama8b, { contextSize: ctx, flashAttention: fa, kv: 'f16', gpus: [{ name }] }), d);
        expect(bytes(max)).toBeLessThanOrEqual(d.usableBytes);
        if (max < 131_072) expect(bytes(max + 256)).toBeGreaterThan(d.usableBytes);
      }
      expect(a.maxContext.kvCache.q8_0.on!).toBeGreaterThanOrEqual(a.maxContext.flashAttention.on!);
      expect(a.maxContext.band.low!).toBeLessThanOrEqual(a.maxContext.flashAttention.on!);
      expect(a.maxContext.band.high!).toBeGreaterThanOrEqual(a.maxContext.flashAttention.on!);
    }
  });

  it('gives the JSON shape issue 15 asks for, with a split over several GPUs and the limiting device', () => {
    const r = WhatIfResultSchema.parse(whatIf({
      model: llama8b,
      info: { ref: 'llama-3.1-8b', name: null, architecture: 'llama', layers: 32, trainedContext: 131072, parameterCount: null, weightsBytes: null, fileType: 'q4_K', moe: false, source: 'preset' },
      devices: ['RTX 4060 8GB', 'RTX 3060 12GB', 'RTX 3090 24GB'].map(device),
      contextSize: 32768,
      catalogue: devices,
    }));
    const [small, mid, big] = r.devices;
    expect(small!.fits).toBe(false);
    expect(small!.spill).toMatchObject({ totalLayers: 33 });
    expect(small!.spill!.gpuLayers).toBeLessThan(33);
    expect(small!.spill!.ramBytes).toBeGreaterThan(0);
    expect(mid!.fits && big!.fits).toBe(true);
    expect(small!.maxContext.flashAttention.on!).toBeLessThan(mid!.maxContext.flashAttention.on!);
    expect(mid!.maxContext.flashAttention.on!).toBeLessThan(big!.maxContext.flashAttention.on!);
    for (const d of r.devices) {
      expect(d.generationTokensPerSecond.basis).toMatch(/^Estimate, not measured/);
      expect(d.verified).toBeNull();
      expect(d.estimated).toContain('maxContext');
    }
    expect(r.split!.limitingDevice).toBe('RTX 4060 8GB');
    expect(r.split!.devices.map((d) => d.layers).reduce((a, b) => a + b)).toBe(33);
    expect(r.split!.label).toMatch(/Estimate/);
    // Choose my GPU: smallest first, all of them run it at 32k, and no 8 GB card does.
    const sizes = r.choices!.map((c) => c.memoryBytes);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(r.choices!.some((c) => c.name === 'RTX 4060 8GB')).toBe(false);
    expect(r.choices!.some((c) => c.name === 'RTX 3090 24GB')).toBe(true);
  });

  it('speed from bandwidth lands inside its band on the published RTX 3090 figure it was calibrated on', () => {
    // llama-bench tg128, LLaMA 7B Q4_0 on an RTX 3090: 121.82 t/s (ggml-org/llama.cpp#4766).
    const s = answerDevice(llama7b, device('RTX 3090 24GB'), 512, 4096).generationTokensPerSecond;
    expect(s.low!).toBeLessThanOrEqual(121.82);
    expect(s.high!).toBeGreaterThanOrEqual(121.82);
  });

  it('keeps a MoE model\'s experts in RAM when asked how expert offload would fit', () => {
    const moe: WhatIfModel = { geometry: findPreset('deepseek-v2-lite')!.geometry, tensors: null, weightType: 'q4_K' };
    const a = answerDevice(moe, device('RTX 4060 8GB'), 4096, 32768);
    expect(a.expertOffload).not.toBeNull();
    expect(a.expertOffload!.ramBytes).toBeGreaterThan(a.expertOffload!.deviceBytes);
    expect(a.expertOffload!.maxContext!).toBeGreaterThan(a.maxContext.flashAttention.on ?? 0);
  });
});
