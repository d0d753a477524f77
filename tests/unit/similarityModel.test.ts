import { describe, expect, it } from 'vitest';
import { compileKnowledgeBase } from '../../src-shared/knowledge/compileKnowledgeBase';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog';
import { classifySimilarity, scoreSimilarity } from '../../src-shared/knowledge/similarity/classifySimilarity';
import type { SimilarityModel } from '../../src-shared/knowledge/similarity/SimilarityModel';
import { similarityFeatures } from '../../src-shared/knowledge/similarity/similarityFeatures';
import { trainSimilarity } from '../../src-shared/knowledge/similarity/trainSimilarity';

describe('the similarity model', () => {
  const examples = [
    ...['the engine stalled waiting on the widget queue', 'widget queue stalled again in the engine', 'engine widget queue stalled after warmup'].map((text) => ({ text, category: 'slow_long_context' as const })),
    ...['the gizmo cannot open its spool file', 'spool file of the gizmo cannot open', 'gizmo spool file missing cannot open'].map((text) => ({ text, category: 'model_load_format' as const })),
    ...['all went fine with the request', 'the request went fine again', 'request served fine today'].map((text) => ({ text, category: 'unknown' as const })),
  ];
  const model = trainSimilarity(examples, { minLogs: 2 });

  it('reads words, neighbouring pairs and the character 4-grams of each word', () => {
    const f = similarityFeatures('cudaMalloc failed at 0x7f3a');
    expect([...f]).toEqual(expect.arrayContaining(['cudamalloc', 'cudamalloc failed', '#<cud', '#lloc', '#loc>', '#fail']));
    // A differently joined identifier shares most of its 4-grams with the one learned.
    const joined = [...similarityFeatures('cuda_malloc')].filter((x) => x.startsWith('#'));
    expect(joined.filter((g) => f.has(g)).length).toBeGreaterThanOrEqual(3);
  });

  it('scores every category, unknown included, with probabilities that sum to 1', () => {
    const scored = scoreSimilarity(model, 'again the engine widget queue stalled')!;
    expect(scored.ranked.map((r) => r.category).sort()).toEqual(['model_load_format', 'slow_long_context', 'unknown']);
    expect(scored.ranked[0]!.category).toBe('slow_long_context');
    expect(scored.ranked.reduce((a, r) => a + r.probability, 0)).toBeCloseTo(1, 6);
    expect(scoreSimilarity(model, 'zzz qqq')).toBeNull();
  });

  it('offers no guess when the log reads most like logs of no failure, and shows whole words only', () => {
    expect(classifySimilarity(model, 'the request went fine, all served').guess).toBeNull();
    const { guess } = classifySimilarity(model, 'again the engine widget queue stalled');
    expect(guess?.category).toBe('slow_long_context');
    expect(guess!.words.length).toBeGreaterThan(0);
    expect(guess!.words.every((w) => !w.startsWith('#'))).toBe(true);
  });

  // Probabilities set through the biases alone: the three words carry no weight.
  const fixed = (p: number[]): SimilarityModel => {
    const categories = p.length === 3 ? (['model_load_format', 'slow_long_context', 'unknown'] as const) : (['model_load_format', 'slow_long_context', 'host_oom', 'unknown'] as const);
    const none = p.map(() => 0);
    return { version: 1, trainedOn: 'by hand', categories: [...categories], bias: p.map(Math.log), features: { alpha: none, beta: none, gamma: none } };
  };

  it('lets a guess short of 0.4 lead only while `unknown` stays unlikely', () => {
    const guessOf = (p: number[]) => classifySimilarity(fixed(p), 'alpha beta gamma').guess?.category ?? null;
    expect(guessOf([0.42, 0.18, 0.4])).toBe('model_load_format');
    expect(guessOf([0.42, 0.48, 0.1])).toBe('slow_long_context');
    // With a fourth category, a first guess can lead the others short of 0.4.
    expect(guessOf([0.37, 0.3, 0.18, 0.15])).toBe('model_load_format');
    expect(guessOf([0.37, 0.25, 0.13, 0.25])).toBeNull();
    expect(guessOf([0.33, 0.3, 0.27, 0.1])).toBeNull();
  });

  it('offers what an unrecognised log reads like as resemblances, and the diagnosis stays unknown', () => {
    const kb = (p: number[]) => ({ ...compileKnowledgeBase([]), similarity: fixed(p) });
    const d = diagnoseLog(kb([0.3, 0.16, 0.54]), { text: 'alpha beta gamma' });
    expect(d.category).toBe('unknown');
    expect(d.nextSteps.length).toBeGreaterThan(0);
    expect(d.candidates.map((c) => [c.category, c.basis])).toEqual([['model_load_format', 'resemblance'], ['slow_long_context', 'resemblance']]);
    expect(Math.max(...d.candidates.map((c) => c.confidence))).toBeLessThanOrEqual(0.25);
    // Under the floor (0.15) nothing is offered; a recognised failure gets no resemblance.
    expect(diagnoseLog(kb([0.14, 0.08, 0.78]), { text: 'alpha beta gamma' }).candidates).toEqual([]);
    const oom = diagnoseLog(kb([0.3, 0.16, 0.54]), { text: 'alpha beta gamma\nggml_backend_cuda_buffer_type_alloc_buffer: allocating 4096.00 MiB on device 0: cudaMalloc failed: out of memory' });
    expect(oom.category).not.toBe('unknown');
    expect(oom.candidates.some((c) => c.basis === 'resemblance')).toBe(false);
  });
});
