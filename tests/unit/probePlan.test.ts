import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemoryBudget, ProbePlan, StepResult } from '../../src-shared/contract/probe';
import { searchMaxContext, sweepMaxContext, type SearchPoint, type SearchSpec } from '../../src-shared/domain/probe/findMaxSearch';
import { granularityAt } from '../../src-shared/domain/probe/granularity';
import { maxContextOf, planNextStep, remainingSteps } from '../../src-shared/domain/probe/planNextStep';
import { planOf, stepOf } from './probeStepFactory';

/** A pretend machine: memory grows linearly with context; anything over the budget fails. */
interface Machine {
  baseBytes: number;
  bytesPerToken: number;
  budgetBytes: number;
}
const fitsOn = (m: Machine, ctx: number) => m.baseBytes + m.bytesPerToken * ctx <= m.budgetBytes;
const boundaryOf = (m: Machine) => Math.floor((m.budgetBytes - m.baseBytes) / m.bytesPerToken);

function run(search: typeof searchMaxContext, spec: SearchSpec, m: Machine, limit = 200) {
  const points: SearchPoint[] = [];
  for (let i = 0; i < limit; i++) {
    const state = search(spec, points);
    if (state.done) return { state, points };
    expect(points.some((p) => p.contextSize === state.contextSize), `repeats ${state.contextSize}`).toBe(false);
    const fits = fitsOn(m, state.contextSize);
    points.push({ contextSize: state.contextSize, fits, usedBytes: fits ? m.baseBytes + m.bytesPerToken * state.contextSize : null });
  }
  throw new Error('the search did not end');
}

const spec = (overrides: Partial<SearchSpec> = {}): SearchSpec => ({
  minContext: 256,
  maxContext: 131072,
  granularityTokens: 256,
  granularityFraction: 0.02,
  startHint: null,
  budgetBytes: null,
  bytesPerToken: null,
  ...overrides,
});

describe('find-max search', () => {
  it('without a budget to aim at, doubles from the minimum then bisects to the granularity', () => {
    const m = { baseBytes: 0, bytesPerToken: 1, budgetBytes: 5000 };
    const { state, points } = run(searchMaxContext, spec(), m);
    expect(points.slice(0, 6).map((p) => p.contextSize)).toEqual([256, 512, 1024, 2048, 4096, 8192]);
    expect(state).toEqual({ done: true, maxContext: expect.any(Number), verified: true });
    const max = (state as { maxContext: number }).maxContext;
    expect(fitsOn(m, max)).toBe(true);
    expect(points.some((p) => !p.fits && p.contextSize - max <= granularityAt(max, 256, 0.02))).toBe(true);
  });

  it.each([
    [110e3, 4],
    [120e3, 4],
    [150e3, 4],
    [100e3, 5], // the model's slope 17 % low: the first aim overshoots and costs a load
  ])('aims with measured memory from the minimum: memory linear in context, model slope %d B/token → at most %d loads', (modelSlope, loads) => {
    const m = { baseBytes: 300e6, bytesPerToken: 120e3, budgetBytes: 1500e6 };
    const { state, points } = run(searchMaxContext, spec({ budgetBytes: m.budgetBytes, bytesPerToken: modelSlope }), m);
    expect(state.done && state.verified).toBe(true);
    expect(points.length).toBeLessThanOrEqual(loads);
    const max = (state as { maxContext: number }).maxContext;
    expect(max).toBeLessThanOrEqual(boundaryOf(m));
    expect(boundaryOf(m) - max).toBeLessThan(granularityAt(max, 256, 0.02));
  });

  it('gallops instead of walking when the measured memory keeps undershooting (a pessimistic aim)', () => {
    // Memory grows slower at large contexts than a line through the small ones says: the aim stays short.
    const m = { baseBytes: 100e6, bytesPerToken: 50e3, budgetBytes: 100e6 + 50e3 * 20000 };
    const points: SearchPoint[] = [];
    const s = spec({ budgetBytes: m.budgetBytes, bytesPerToken: 80e3, startHint: 2048 });
    for (let i = 0; i < 30; i++) {
      const state = searchMaxContext(s, points);
      if (state.done) break;
      const fits = fitsOn(m, state.contextSize);
      // Reports 40 % more than it uses beyond 4096 tokens, as reclaimable cache can.
      points.push({ contextSize: state.contextSize, fits, usedBytes: fits ? m.baseBytes + m.bytesPerToken * state.contextSize * (state.contextSize > 4096 ? 1.4 : 1) : null });
    }
    // Walking from the first undershoot (~14k) to 20k by the granularity would take over 20 loads.
    expect(points.length).toBeLessThanOrEqual(12);
    expect(20000 - Math.max(...points.filter((p) => p.fits).map((p) => p.contextSize))).toBeLessThan(granularityAt(20000, 256, 0.02));
  });

  it('when the limit bites before the measured line says (a cgroup keeps some for the kernel), steps just below the failure', () => {
    // Like the real 100 MB cgroup run (8 KiB of KV per token): killed ~3 % before the anonymous charge reaches
    // the limit, and the model's slope a little low, so the first aim fails just above the boundary.
    const used = (c: number) => 40e6 + 10e3 * c;
    const fits = (c: number) => used(c) <= 0.97 * 100e6;
    const points: SearchPoint[] = [];
    const s = spec({ startHint: 2560, budgetBytes: 100e6, bytesPerToken: 9.2e3 });
    let state = searchMaxContext(s, points);
    while (!state.done) {
      points.push({ contextSize: state.contextSize, fits: fits(state.contextSize), usedBytes: fits(state.contextSize) ? used(state.contextSize) : null });
      state = searchMaxContext(s, points);
    }
    expect(points.length).toBeLessThanOrEqual(4);
    const max = (state as { maxContext: number }).maxContext;
    expect(fits(max)).toBe(true);
    expect(fits(max + granularityAt(max, 256, 0.02))).toBe(false);
  });

  it('stops at the model limit when everything fits', () => {
    const { state, points } = run(searchMaxContext, spec({ maxContext: 4096 }), { baseBytes: 0, bytesPerToken: 1, budgetBytes: 1e12 });
    expect(state).toEqual({ done: true, maxContext: 4096, verified: true });
    expect(points.map((p) => p.contextSize)).toEqual([256, 512, 1024, 2048, 4096]);
  });

  it('reports no fitting context when the minimum fails', () => {
    const { state, points } = run(searchMaxContext, spec(), { baseBytes: 1000, bytesPerToken: 1, budgetBytes: 10 });
    expect(state).toEqual({ done: true, maxContext: null, verified: true });
    expect(points).toHaveLength(1);
  });

  it('gallops down from a start guess that was too high', () => {
    const m = { baseBytes: 0, bytesPerToken: 1, budgetBytes: 3000 };
    const { state, points } = run(searchMaxContext, spec({ startHint: 16384 }), m);
    expect(points[0]!.contextSize).toBe(16384);
    expect(state.done && state.verified).toBe(true);
    expect(3000 - (state as { maxContext: number }).maxContext).toBeLessThan(256);
  });

  it('the granularity is 256 tokens or 2 %, whichever is larger', () => {
    expect(granularityAt(4096, 256, 0.02)).toBe(256);
    expect(granularityAt(100_000, 256, 0.02)).toBe(2000);
  });

  it('for any linear machine and start: verified maximum within the granularity, and no more loads than the sweep', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 50e6, max: 2e9 }),
        fc.integer({ min: 2e3, max: 400e3 }),
        fc.integer({ min: 300, max: 120_000 }),
        fc.option(fc.integer({ min: 256, max: 131072 })),
        fc.boolean(),
        (baseBytes, bytesPerToken, boundary, hint, aim) => {
          const m = { baseBytes, bytesPerToken, budgetBytes: baseBytes + bytesPerToken * boundary };
          const s = spec({ startHint: hint, budgetBytes: aim ? m.budgetBytes : null, bytesPerToken: aim ? bytesPerToken * 0.8 : null });
          const found = run(searchMaxContext, s, m);
          const swept = run(sweepMaxContext, spec(), m);
          for (const { state } of [found, swept]) {
            expect(state.done && state.verified).toBe(true);
            const max = (state as { maxContext: number | null }).maxContext;
            if (boundary < 256) expect(max).toBeNull();
            else {
              expect(fitsOn(m, max!)).toBe(true);
              expect(Math.min(boundary, 131072) - max!).toBeLessThanOrEqual(granularityAt(max!, 256, 0.02));
            }
          }
          // Aiming never costs more than the sweep, except that a start guess far above the boundary costs the walk down from it.
          if (aim) expect(found.points.length).toBeLessThanOrEqual(Math.max(swept.points.length, 5) + (hint !== null && hint > boundary ? Math.ceil(Math.log2(hint / Math.max(256, boundary))) : 0));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the sweep baseline doubles, then walks up one granularity at a time', () => {
    const { points } = run(sweepMaxContext, spec(), { baseBytes: 0, bytesPerToken: 1, budgetBytes: 3000 });
    expect(points.map((p) => p.contextSize)).toEqual([256, 512, 1024, 2048, 4096, 2304, 2560, 2816, 3072]);
  });
});

describe('the probe plan', () => {
  const budget: MemoryBudget = { mechanism: 'cgroup', ramBytes: 1_000_000_000, vramBytes: null };

  /** Runs a plan against a pretend machine, the way the runner would. */
  function execute(plan: ProbePlan, fits: (c: { contextSize: number; flashAttention: boolean }) => boolean, steps: StepResult[] = [], used = (c: { contextSize: number; flashAttention: boolean }) => 200e6 + 100e3 * c.contextSize) {
    for (let i = 0; i < 100; i++) {
      const config = planNextStep(plan, steps);
      if (!config) return steps;
      const ok = fits(config);
      steps.push(stepOf(config, ok ? { cgroupPeakBytes: used(config) } : { outcome: 'oom' }));
    }
    throw new Error('the plan did not end');
  }

  it('find-max searches flash attention on, then off starting from where on ended', () => {
    const plan = planOf({ flashAttention: [true, false], budget, bytesPerToken: { on: 100e3, off: 100e3 } });
    const used = (c: { contextSize: number; flashAttention: boolean }) => 200e6 + 100e3 * c.contextSize + (c.flashAttention ? 0 : 150e6);
    const steps = execute(plan, (c) => used(c) <= 1e9, [], used);
    const max = maxContextOf(plan, steps);
    expect(max.verified).toBe(true);
    expect(max.flashAttention.on! - 8000).toBeLessThanOrEqual(0);
    expect(8000 - max.flashAttention.on!).toBeLessThan(256);
    expect(6500 - max.flashAttention.off!).toBeLessThan(256);
    const offSteps = steps.filter((s) => !s.flashAttention);
    expect(offSteps[0]!.contextSize).toBe(max.flashAttention.on);
    expect(steps.length).toBeLessThanOrEqual(9);
  });

  it('on a GPU with no budget imposed, aims at the device\'s own VRAM (the H200 run: 130 GiB in use, 1 MiB of KV per token)', () => {
    const GiB = 2 ** 30;
    const total = 139.8 * GiB;
    const peak = (c: { contextSize: number; flashAttention: boolean }) => 129.82 * GiB + 1.0 * 2 ** 20 * c.contextSize + (c.flashAttention ? 0.16 : 1.2) * GiB;
    const plan = planOf({ flashAttention: [true, false], base: { ...planOf().base, backend: 'cuda', gpuLayers: 'all' }, bytesPerToken: { on: 2 ** 20, off: 2 ** 20 } });
    const steps: StepResult[] = [];
    for (let config = planNextStep(plan, steps); config; config = planNextStep(plan, steps)) {
      const ok = peak(config) <= total;
      steps.push(stepOf(config, ok ? { vramPeakBytes: peak(config), vramTotalBytes: total } : { outcome: 'oom', vramTotalBytes: total }));
      expect(steps.length).toBeLessThan(20);
    }
    const max = maxContextOf(plan, steps);
    expect(max.verified).toBe(true);
    for (const fa of [true, false]) {
      const found = max.flashAttention[fa ? 'on' : 'off']!;
      expect(peak({ contextSize: found, flashAttention: fa })).toBeLessThanOrEqual(total);
      expect(peak({ contextSize: found + 256, flashAttention: fa })).toBeGreaterThan(total);
    }
    // Doubling from 256 would take 7 loads to pass the boundary alone; aiming takes 4 for flash attention on.
    expect(steps.filter((s) => s.flashAttention).length).toBeLessThanOrEqual(4);
    expect(steps.length).toBeLessThanOrEqual(9);
  });

  it('on a device that reports no VRAM in use (lavapipe), does not aim at it: grows as without a budget', () => {
    const plan = planOf({ base: { ...planOf().base, backend: 'vulkan', gpuLayers: 'all' }, bytesPerToken: { on: 256e3, off: 256e3 } });
    const first = planNextStep(plan, [])!;
    const second = planNextStep(plan, [stepOf(first, { vramPeakBytes: 0, vramTotalBytes: 2 ** 31 })])!;
    expect(second.contextSize).toBe(first.contextSize * 2);
  });

  it('resumes: the same steps give the same next step, and cancelled steps are run again', () => {
    const plan = planOf({ budget });
    const first = planNextStep(plan, [])!;
    const cancelled = stepOf(first, { outcome: 'cancelled' });
    expect(planNextStep(plan, [cancelled])).toEqual(first);
    const done = execute(plan, (c) => c.contextSize <= 3000, [cancelled]);
    expect(maxContextOf(plan, done).verified).toBe(true);
  });

  it('stops a search on a failure that is not about memory', () => {
    const plan = planOf();
    const first = planNextStep(plan, [])!;
    const broken = stepOf(first, { outcome: 'error', failure: { message: 'bad file', signal: null, exitCode: 1, stderrTail: [], classification: 'model_load_failed', phase: 'load' } });
    expect(planNextStep(plan, [broken])).toBeNull();
    expect(maxContextOf(plan, [broken])).toMatchObject({ flashAttention: { on: null, off: null }, verified: false, bounds: { on: { by: 'none_fits' } } });
  });

  it('a grid runs contexts × flash attention × KV types, skipping larger contexts of a series that ran out of memory', () => {
    const plan = planOf({ mode: 'grid', contexts: [2048, 512, 1024], flashAttention: [false, true], kvCacheTypes: ['f16', 'q8_0'] });
    expect(remainingSteps(plan, [])).toBe(12);
    const steps = execute(plan, (c) => c.contextSize <= 512 || c.flashAttention);
    expect(steps.map((s) => `${s.typeK}/${s.flashAttention ? 'on' : 'off'}/${s.contextSize}`)).toEqual([
      'f16/off/512', 'f16/off/1024', 'f16/on/512', 'f16/on/1024', 'f16/on/2048',
      'q8_0/off/512', 'q8_0/off/1024', 'q8_0/on/512', 'q8_0/on/1024', 'q8_0/on/2048',
    ]);
    expect(steps.every((s) => s.typeK === s.typeV)).toBe(true);
    expect(maxContextOf(plan, steps)).toEqual({ flashAttention: { on: 2048, off: 512 }, verified: false });
  });

  it('compare-FA runs off and on side by side at each context', () => {
    const plan = planOf({ mode: 'compareFlashAttention', contexts: [1024, 512] });
    const steps = execute(plan, () => true);
    expect(steps.map((s) => `${s.contextSize}/${s.flashAttention}`)).toEqual(['512/false', '512/true', '1024/false', '1024/true']);
  });
});
