import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TuneCandidate, TuneSettings } from '../../src-shared/contract/tune';
import { tinyGeometry } from '../support/tinyModel';
import { memoryFit } from '../../src-shared/domain/tune/memoryFit';
import { planTuneStep, remainingTuneSteps } from '../../src-shared/domain/tune/planTuneStep';
import { paretoFront, rankCandidates } from '../../src-shared/domain/tune/rankCandidates';
import { requestSeconds } from '../../src-shared/domain/tune/requestSeconds';
import { resolveTuneContext } from '../../src-shared/domain/tune/resolveTuneContext';
import { settingsKey } from '../../src-shared/domain/tune/settingsKey';
import { summarizeTune } from '../../src-shared/domain/tune/summarizeTune';
import { KNOB_ORDER, nodeLlamaCppDefaults, tuneKnobs, type KnobFacts } from '../../src-shared/domain/tune/tuneKnobs';
import type { FitCheck, TunePlan } from '../../src-shared/domain/tune/TunePlan';

const SHAPE = { contextSize: 4096, promptFill: 0.9, answerTokens: 256 };
const facts = (o: Partial<KnobFacts> = {}): KnobFacts => ({ contextSize: 4096, backend: 'cpu', policy: 'allow-spill', engine: 'node-llama-cpp', usableCores: 8, layers: 32, moe: false, ...o });
const planOf = (f: KnobFacts): TunePlan => ({ contextSize: f.contextSize, policy: f.policy, backend: f.backend, defaults: nodeLlamaCppDefaults(f), knobs: tuneKnobs(f), order: KNOB_ORDER, confirmRuns: 2, separateUbatch: false });
const everything: FitCheck = () => ({ fits: true, reason: null, estimate: null });

/** A pretend machine: a speed per setting, or a failure. */
type Machine = (s: TuneSettings) => { pp: number; tg: number } | null;

function runTune(plan: TunePlan, machine: Machine, fits: FitCheck = everything, noise: (i: number) => number = () => 1) {
  const candidates: TuneCandidate[] = [];
  for (let i = 0; i < 200; i++) {
    const next = planTuneStep(plan, candidates, fits);
    if (!next) return candidates;
    const speed = machine(next.settings);
    const pp = speed ? speed.pp * noise(i) : null;
    const tg = speed ? speed.tg * noise(i) : null;
    candidates.push({
      stepId: `s${i}`, index: i, stage: next.stage, label: next.label, engine: 'node-llama-cpp', binary: null, settings: next.settings,
      outcome: speed ? 'ok' : 'oom', promptTokensPerSecond: pp, generationTokensPerSecond: tg, requestSeconds: speed ? requestSeconds(SHAPE, pp, tg) : null,
      estimate: null, vramPeakBytes: null, peakRssBytes: null, failure: speed ? null : 'oom', durationMs: 1000,
    });
  }
  throw new Error('the search did not end');
}

/** Separable costs: one thread best, FA off better for prompts, q8_0 slower, batch 512 best. */
const cpuMachine: Machine = (s) => {
  const threads = s.threads === 1 ? 1 : s.threads === 4 ? 0.8 : 0.3;
  const fa = s.flashAttention ? 0.8 : 1;
  const kv = s.typeK === 'q8_0' ? 0.9 : 1;
  const batch = s.batchSize === 512 ? 1 : 0.9;
  return { pp: 1000 * threads * fa * kv * batch, tg: 50 * threads * kv };
};

describe('tune search (pure)', () => {
  it('measures the defaults first, finds the separable optimum, and confirms it against the defaults', () => {
    const plan = planOf(facts());
    const candidates = runTune(plan, cpuMachine);
    expect(candidates[0]!.stage).toBe('baseline');
    expect(settingsKey(candidates[0]!.settings)).toBe(settingsKey(plan.defaults));
    const verdict = summarizeTune(plan.defaults, candidates, []);
    expect(verdict.winner!.settings).toMatchObject({ threads: 1, flashAttention: false, typeK: 'f16', batchSize: 512 });
    expect(verdict.winner!.runs).toBe(2);
    expect(candidates.filter((c) => settingsKey(c.settings) === settingsKey(plan.defaults))).toHaveLength(2);
    expect(candidates.at(-1)!.stage).toBe('confirm');
    expect(verdict.why.join(' ')).toMatch(/Flash attention off is (\d+ % faster per request than|[\d.]+× as fast per request as) flash attention on/);
  });

  it('never runs a quantized V cache without flash attention, nor a configuration the memory model rules out', () => {
    const plan = planOf(facts());
    const fits: FitCheck = (s) => (s.batchSize === 2048 ? { fits: false, reason: 'too big', estimate: null } : { fits: true, reason: null, estimate: null });
    const candidates = runTune(plan, cpuMachine, fits);
    expect(candidates.some((c) => c.settings.typeV === 'q8_0' && !c.settings.flashAttention)).toBe(false);
    expect(candidates.some((c) => c.settings.batchSize === 2048)).toBe(false);
  });

  it('a failure never wins: defaults that OOM leave the winner to a configuration that ran', () => {
    const plan = planOf(facts());
    const candidates = runTune(plan, (s) => (s.typeK === 'f16' && s.flashAttention && s.threads === 8 ? null : cpuMachine(s)));
    const verdict = summarizeTune(plan.defaults, candidates, []);
    expect(verdict.defaults.outcome).toBe('oom');
    expect(candidates.find((c) => c.stepId === verdict.winner!.stepId)!.outcome).toBe('ok');
  });

  it('under any noise, the winner is never slower than the defaults as measured (the defaults are a candidate)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.5, max: 1.5, noNaN: true }), { minLength: 200, maxLength: 200 }), (factors) => {
        const plan = planOf(facts({ usableCores: 2 }));
        const candidates = runTune(plan, cpuMachine, everything, (i) => factors[i]!);
        const verdict = summarizeTune(plan.defaults, candidates, []);
        expect(verdict.winner!.requestSeconds).toBeLessThanOrEqual(verdict.defaults.requestSeconds!);
      }),
      { numRuns: 50 },
    );
  });

  it('finds on its own that a slow device loses to the CPU, even when the CPU first runs at poor threads', () => {
    const plan = planOf(facts({ backend: 'vulkan', policy: 'allow-spill', usableCores: 2, layers: 4 }));
    // The device is slow; the CPU is slow at 4 threads (oversubscribed) and fastest at 1.
    const machine: Machine = (s) => (s.gpuLayers > 0 ? { pp: 60 - 5 * s.gpuLayers, tg: 5 } : { pp: s.threads === 1 ? 400 : s.threads === 2 ? 200 : 20, tg: s.threads === 1 ? 40 : s.threads === 2 ? 20 : 1 });
    const candidates = runTune(plan, machine);
    const verdict = summarizeTune(plan.defaults, candidates, []);
    expect(plan.defaults.gpuLayers).toBe(5);
    expect(verdict.winner!.settings).toMatchObject({ gpuLayers: 0, threads: 1 });
    expect(verdict.why.join(' ')).toMatch(/Everything on the CPU is (\d+ % faster per request than|[\d.]+× as fast per request as) \d+ layers on the GPU/);
  });

  it('counts the steps left, so that progress reads "step k of n"', () => {
    const plan = planOf(facts({ usableCores: 2 }));
    const candidates = runTune(plan, cpuMachine);
    expect(remainingTuneSteps(plan, [], everything)).toBeGreaterThan(3);
    expect(remainingTuneSteps(plan, candidates, everything)).toBe(0);
  });

  it('offers the CPU as a rival to the GPU only when spilling is allowed, and the llama.cpp MoE knob only for MoE models', () => {
    expect(tuneKnobs(facts({ backend: 'vulkan', policy: 'allow-spill' })).gpuLayers).toEqual([33, 17, 0]);
    expect(tuneKnobs(facts({ backend: 'vulkan', policy: 'gpu-only' })).gpuLayers).toEqual([33]);
    expect(tuneKnobs(facts({ backend: 'cpu' })).gpuLayers).toEqual([0]);
    expect(tuneKnobs(facts({ engine: 'llama.cpp', moe: true, layers: 24 })).nCpuMoe).toEqual([0, 12, 24]);
    expect(tuneKnobs(facts({ engine: 'node-llama-cpp', moe: true })).nCpuMoe).toEqual([]);
  });

  it('names the Pareto front of prompt vs generation speed', () => {
    const c = (id: string, pp: number, tg: number, threads: number) => ({ ...runTune(planOf(facts()), cpuMachine)[0]!, stepId: id, promptTokensPerSecond: pp, generationTokensPerSecond: tg, requestSeconds: requestSeconds(SHAPE, pp, tg), settings: { ...nodeLlamaCppDefaults(facts()), threads } });
    const front = paretoFront(rankCandidates([c('a', 100, 10, 1), c('b', 50, 20, 2), c('c', 40, 5, 3)]));
    expect(front.sort()).toEqual(['a', 'b']);
  });
});

describe('tune context and memory (pure)', () => {
  const geometry = tinyGeometry({ layers: 4, embeddingLength: 256, heads: 4, kvHeads: 4, headDim: 64, contextLength: 32768 });
  const at = (policy: KnobFacts['policy'], backend: KnobFacts['backend']) => (ctx: number) => tuneKnobs(facts({ contextSize: ctx, policy, backend, layers: 4 })).gpuLayers.map((g) => ({ ...nodeLlamaCppDefaults(facts({ contextSize: ctx, layers: 4 })), gpuLayers: g }));
  const fitsIn = (vramBytes: number) => memoryFit({ geometry, tensors: [], backend: 'vulkan', ramLimitBytes: 64 * 2 ** 30, vramLimitBytes: vramBytes });

  it('gpu-only refuses a context that cannot stay on the device and names the largest that can; shrink-ctx tunes there', () => {
    const vram = 64 * 2 ** 20;
    const gpuOnly = resolveTuneContext({ requested: 32768, policy: 'gpu-only', backend: 'vulkan', trainContextSize: 32768, leanest: at('gpu-only', 'vulkan'), fits: fitsIn(vram) });
    expect(gpuOnly.contextSize).toBeNull();
    expect('reason' in gpuOnly && gpuOnly.reason).toMatch(/cannot stay on the device.*largest that can is \d+/);
    const shrink = resolveTuneContext({ requested: 32768, policy: 'shrink-ctx', backend: 'vulkan', trainContextSize: 32768, leanest: at('shrink-ctx', 'vulkan'), fits: fitsIn(vram) });
    expect(shrink.contextSize).toBeGreaterThan(256);
    expect(shrink.contextSize).toBeLessThan(32768);
    expect(fitsIn(vram)({ ...at('shrink-ctx', 'vulkan')(shrink.contextSize!)[0]! }).fits).toBe(true);
    const spill = resolveTuneContext({ requested: 32768, policy: 'allow-spill', backend: 'vulkan', trainContextSize: 32768, leanest: at('allow-spill', 'vulkan'), fits: fitsIn(vram) });
    expect(spill.contextSize).toBe(32768);
  });

  it('gpu-only on the CPU backend says why it cannot run; max is the largest fitting context', () => {
    expect(resolveTuneContext({ requested: 4096, policy: 'gpu-only', backend: 'cpu', trainContextSize: 32768, leanest: at('gpu-only', 'cpu'), fits: everything }).contextSize).toBeNull();
    expect(resolveTuneContext({ requested: 'max', policy: 'allow-spill', backend: 'cpu', trainContextSize: 32768, leanest: at('allow-spill', 'cpu'), fits: everything }).contextSize).toBe(32768);
  });

  it('on lavapipe, rules out a per-layer KV tensor over its 128 MiB buffer limit (llama.cpp aborts there)', () => {
    const g = tinyGeometry({ layers: 2, embeddingLength: 512, heads: 8, kvHeads: 8, headDim: 128, contextLength: 131072 });
    const fits = memoryFit({ geometry: g, tensors: [], backend: 'vulkan', ramLimitBytes: 2 ** 36, vramLimitBytes: 2 ** 36, maxBufferBytes: 128 * 2 ** 20 });
    const at = (contextSize: number, gpuLayers: number) => fits({ ...nodeLlamaCppDefaults(facts({ contextSize, backend: 'vulkan', layers: 2 })), gpuLayers });
    // 8 KV heads × 128 × 2 bytes = 2 KiB per token per layer: 65536 tokens is exactly 128 MiB; more aborts.
    expect(at(65536, 3).fits).toBe(true);
    expect(at(65792, 3)).toMatchObject({ fits: false, reason: expect.stringMatching(/at most 128 MiB/) });
    expect(at(65792, 0).fits).toBe(true);
  });

  it('rules out a quantized cache whose block does not divide the head size', () => {
    const narrow = memoryFit({ geometry: tinyGeometry({ headDim: 16 }), tensors: [], backend: 'cpu', ramLimitBytes: 2 ** 34, vramLimitBytes: null });
    expect(narrow({ ...nodeLlamaCppDefaults(facts()), typeK: 'q8_0', typeV: 'q8_0' })).toMatchObject({ fits: false, reason: expect.stringMatching(/divisible by 32/) });
  });
});
