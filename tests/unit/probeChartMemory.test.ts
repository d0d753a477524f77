import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { StepResultSchema } from '../../src-shared/contract/probe';
import { memoryLimit, stepMemory } from '../../src-renderer/features/probe/chartPoints';
import { ROOT } from '../support/paths';
import { stepOf } from './probeStepFactory';

const fixture = (name: string) => readFileSync(join(ROOT, 'tests', 'fixtures', 'probes', name), 'utf8');

it('on a GPU with no budget, the memory chart shows the card\'s VRAM in use against its total (the H200 find-max)', () => {
  const steps = (JSON.parse(fixture('findmax-cuda-h200-allocate.json')) as { steps: unknown[] }).steps.map((s) => StepResultSchema.parse(s));
  const limit = memoryLimit(null, steps);
  expect(limit).toEqual({ label: 'GPU memory', bytes: steps[0]!.vramTotalBytes });
  for (const s of steps.filter((x) => x.outcome === 'ok')) {
    expect(stepMemory(s)).toBe(s.vramPeakBytes);
    expect(stepMemory(s)!).toBeLessThanOrEqual(limit!.bytes);
  }
});

it('on the CPU with no budget there is no limit line, and a step counts its peak RSS; under a budget, what the budget counts', () => {
  const config = { contextSize: 2048, flashAttention: true, typeK: 'f16', typeV: 'f16', gpuLayers: 0, batchSize: 512, ubatchSize: 512, threads: 1, generateTokens: 8, promptFill: 0.9, backend: 'cpu', memoryCheck: 'estimate' } as const;
  const cpu = stepOf(config, { peakRssBytes: 300e6 });
  expect(memoryLimit(null, [cpu])).toBeNull();
  expect(stepMemory(cpu)).toBe(300e6);
  const budget = { mechanism: 'cgroup', ramBytes: 400e6, vramBytes: null } as const;
  const capped = stepOf(config, { budget, peakRssBytes: 300e6, cgroupPeakBytes: 350e6 });
  expect(memoryLimit(budget, [capped])).toEqual({ label: 'cgroup budget', bytes: 400e6 });
  expect(stepMemory(capped)).toBe(350e6);
  // Where the worker recorded the cgroup's anonymous charge, that (not the peak, page cache included) is what counts.
  expect(stepMemory({ ...capped, cgroupAnonBytes: 320e6 })).toBe(320e6);
});
