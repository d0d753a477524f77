import { expect, it } from 'vitest';
import type { TuneCandidate } from '../../src-shared/contract/tune';
import { curveContexts } from '../../src-shared/domain/tune/curveContexts';
import { spillCost } from '../../src-shared/domain/tune/spillCost';

it('the context curve measures a quarter and a half of the target, on the 256 grid, below the target', () => {
  expect(curveContexts(32768)).toEqual([8192, 16384]);
  expect(curveContexts(4096)).toEqual([1024, 2048]);
  expect(curveContexts(1000)).toEqual([256]);
  expect(curveContexts(512)).toEqual([256]);
  expect(curveContexts(256)).toEqual([]);
});

it('the spill cost compares the best partly offloaded candidate with the best fully offloaded one', () => {
  const base = { engine: 'llama.cpp' as const, binary: null, stage: 'gpuLayers', label: '', outcome: 'ok' as const, estimate: null, vramPeakBytes: null, peakRssBytes: null, failure: null, durationMs: 1 };
  const settings = { contextSize: 512, threads: 1, batchSize: 128, ubatchSize: 128, flashAttention: true, typeK: 'f16' as const, typeV: 'f16' as const, nCpuMoe: null };
  const c = (gpuLayers: number, requestSeconds: number, i: number): TuneCandidate => ({ ...base, stepId: `s${i}`, index: i, settings: { ...settings, gpuLayers }, promptTokensPerSecond: 100, generationTokensPerSecond: 10, requestSeconds });
  expect(spillCost([c(0, 0.1, 0), c(3, 4, 1), c(2, 12, 2)], 512)).toBe('Spilling (2 of 3 layers on the GPU, the rest in host memory) costs 3.0× the time per request against all 3 on the device at 512 tokens, measured (12.00 s vs 4.00 s).');
  expect(spillCost([c(0, 0.1, 0), c(3, 4, 1)], 512)).toBeNull();
  expect(spillCost([c(0, 0.1, 0)], 512)).toBeNull();
});
