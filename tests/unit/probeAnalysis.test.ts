import { describe, expect, it } from 'vitest';
import type { StepResult } from '../../src-shared/contract/probe';
import { analyzeProbe } from '../../src-shared/domain/probe/analyzeProbe';
import { compareMemory } from '../../src-shared/domain/probe/compareMemory';
import { findKnee } from '../../src-shared/domain/probe/findKnee';
import { flashAttentionVerdicts } from '../../src-shared/domain/probe/flashAttentionVerdicts';
import { BASE, planOf, stepOf } from './probeStepFactory';

/** Speeds from the attention cost model: seconds per token = a + b·context. */
const modelled = (a: number, b: number) => (context: number) => 1 / (a + b * context);

function series(contexts: number[], speed: (c: number) => number, fa = false, extra: Partial<StepResult> = {}): StepResult[] {
  return contexts.map((contextSize) => stepOf({ ...BASE, contextSize, flashAttention: fa }, { promptTokensPerSecond: speed(contextSize), generationTokensPerSecond: speed(contextSize) / 10, ...extra }));
}

describe('slowdown knee', () => {
  it('recovers the context where speed starts to fall by more than 20 % per doubling, from the cost model', () => {
    // a = 1 ms/token fixed, b = 1e-7 s per token of context: knee at a·t / (b·(1 − 2t)) = 0.001·0.2/(1e-7·0.6) ≈ 3333.
    const steps = series([512, 1024, 2048, 4096, 8192, 16384, 32768], modelled(0.001, 1e-7));
    const knee = findKnee(steps, 'prompt', false)!;
    expect(knee.kneeContext).toBeCloseTo(3333, -1);
    expect(knee.fit?.fixedSecondsPerToken).toBeCloseTo(0.001, 6);
    // Measured: drops per doubling are (a + 2bc)/(a + bc) − 1 of speed; the first over 20 % starts at 4096.
    expect(knee.measuredKneeContext).toBe(4096);
    expect(knee.drops[0]!.dropPerDoubling).toBeCloseTo(1 - (0.001 + 512e-7) / (0.001 + 1024e-7), 6);
  });

  it('finds no knee where speed does not depend on context, and none from one point', () => {
    expect(findKnee(series([512, 1024, 2048], () => 100), 'prompt', false)!.measuredKneeContext).toBeNull();
    expect(findKnee(series([512, 1024, 2048], () => 100), 'prompt', false)!.kneeContext).toBeNull();
    expect(findKnee(series([512], () => 100), 'prompt', false)).toBeNull();
  });

  it('uses only steps that ran, of the asked flash attention setting, taking the median of repeats', () => {
    const steps = [...series([1024, 1024, 1024, 2048], () => 100), ...series([1024], () => 5), ...series([4096], () => 1, true), stepOf({ ...BASE, contextSize: 8192, flashAttention: false }, { outcome: 'oom' })];
    const knee = findKnee(steps, 'prompt', false)!;
    expect(knee.drops).toEqual([{ from: 1024, to: 2048, dropPerDoubling: 0 }]);
  });
});

describe('flash attention verdict per context', () => {
  it('says faster, slower or no difference from the speed ratios, and makes-it-fit / breaks-it from the outcomes', () => {
    const off = series([1024, 2048, 4096], () => 100);
    const on = [
      ...series([1024], () => 130, true),
      ...series([2048], () => 102, true),
      stepOf({ ...BASE, contextSize: 4096, flashAttention: true }, { outcome: 'oom' }),
      ...series([8192], () => 50, true),
    ];
    const offOom = stepOf({ ...BASE, contextSize: 8192, flashAttention: false }, { outcome: 'oom' });
    const verdicts = flashAttentionVerdicts([...off, ...on, offOom]);
    expect(verdicts.map((v) => [v.contextSize, v.verdict])).toEqual([[1024, 'faster'], [2048, 'no_difference'], [4096, 'breaks_it'], [8192, 'makes_it_fit']]);
    expect(verdicts[0]!.promptSpeedup).toBeCloseTo(1.3);
    expect(flashAttentionVerdicts([...series([1024], () => 100), ...series([1024], () => 80, true)])[0]!.verdict).toBe('slower');
  });

  it('calls flash attention required where llama.cpp refuses the configuration without it', () => {
    const refused = stepOf({ ...BASE, typeK: 'q8_0', typeV: 'q8_0', contextSize: 1024, flashAttention: false }, { outcome: 'error', failure: { message: 'Failed to create context', signal: null, exitCode: null, stderrTail: [], classification: 'invalid_config', phase: 'context' } });
    const ran = stepOf({ ...BASE, typeK: 'q8_0', typeV: 'q8_0', contextSize: 1024, flashAttention: true });
    expect(flashAttentionVerdicts([refused, ran])).toEqual([{ contextSize: 1024, typeK: 'q8_0', typeV: 'q8_0', verdict: 'required', promptSpeedup: null, generationSpeedup: null }]);
  });

  it('keeps KV types apart and ignores cancelled steps', () => {
    const verdicts = flashAttentionVerdicts([
      ...series([1024], () => 100),
      ...series([1024], () => 100, false, { typeK: 'q8_0', typeV: 'q8_0' }),
      ...series([1024], () => 200, true, { outcome: 'cancelled' }),
    ]);
    expect(verdicts).toEqual([]);
  });
});

describe('estimate against measurement', () => {
  it('compares the estimates with what llama.cpp allocated, and the KV estimate with its printed KV buffer', () => {
    const step = stepOf({ ...BASE, contextSize: 4096, flashAttention: true }, {
      reported: { modelBytes: 100e6, kvBytes: 50e6, computeBytes: 40e6, outputBytes: 10e6, byDevice: [] },
      estimate: { headroom: { ramBytes: 210e6, vramBytes: 0, weightsBytes: 100e6, kvBytes: 50e6, computeBytes: 50e6 }, nodeLlamaCpp: { ramBytes: 180e6, vramBytes: 0, weightsBytes: 100e6, kvBytes: null, computeBytes: null } },
      peakRssBytes: 300e6,
    });
    const [row] = compareMemory([step]);
    expect(row).toMatchObject({ measuredBytes: 200e6, processPeakBytes: 300e6, headroomBytes: 210e6, nodeLlamaCppBytes: 180e6, reportedKvBytes: 50e6, estimatedKvBytes: 50e6, kvError: 0 });
    expect(row!.headroomError).toBeCloseTo(0.05);
    expect(row!.nodeLlamaCppError).toBeCloseTo(-0.1);
  });

  it('analyzeProbe puts it together, with the max-context gain of flash attention when both were searched', () => {
    const plan = planOf({ flashAttention: [true, false] });
    const steps = [...series([256, 512], () => 100, true), stepOf({ ...BASE, contextSize: 1024, flashAttention: true }, { outcome: 'oom' }), ...series([256], () => 90), stepOf({ ...BASE, contextSize: 512, flashAttention: false }, { outcome: 'oom' })];
    const analysis = analyzeProbe(plan, steps);
    expect(analysis.flashAttentionMaxContextGain).toBe(256);
    expect(analysis.flashAttention.map((v) => v.verdict)).toEqual(['faster', 'makes_it_fit']);
    expect(analysis.memory).toHaveLength(3);
  });
});
