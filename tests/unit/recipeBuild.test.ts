import { describe, expect, it } from 'vitest';
import { buildRecipeFromProbe } from '../../src-shared/domain/recipe/buildRecipeFromProbe';
import { buildRecipeFromSettings } from '../../src-shared/domain/recipe/buildRecipeFromSettings';
import { makeHeader, makeStep } from './recipeSteps';

const model = { path: '/m/tiny.gguf', name: 'tiny', architecture: 'llama', layerCount: 2, trainedContext: 8192, sizeBytes: 1000, headSizes: { k: [64], v: [64] } };
const header = makeHeader();

describe('buildRecipeFromProbe', () => {
  const steps = [
    makeStep({ id: 's0', contextSize: 1024, outcome: 'ok', generationTokensPerSecond: 50 }),
    makeStep({ id: 's1', contextSize: 4096, outcome: 'ok', generationTokensPerSecond: 30 }),
    makeStep({ id: 's2', contextSize: 4096, outcome: 'ok', flashAttention: true, actualFlashAttention: true, generationTokensPerSecond: 34 }),
    makeStep({ id: 's3', contextSize: 8192, outcome: 'oom' }),
  ];

  it('takes the largest verified context, the fastest step there, and cites it for every setting', () => {
    const recipe = buildRecipeFromProbe({ header, steps, model });
    expect(recipe.settings).toEqual({ contextSize: 4096, flashAttention: true, typeK: 'f16', typeV: 'f16', gpuLayers: 0, batchSize: 512, ubatchSize: 512, threads: 2, parallel: 1 });
    for (const source of Object.values(recipe.sources)) expect(source).toMatchObject({ kind: 'verified', stepId: 's2' });
    expect(recipe.verifiedMaxContextSize).toBe(4096);
    expect(recipe.machine?.backend).toBe('cpu');
    expect(recipe.warnings.map((w) => w.code)).toEqual(['larger_failed']);
  });

  it('cites the step\'s generation speed, with llama.cpp\'s own timer where it was recorded', () => {
    const timed = steps.map((s) => (s.id === 's2' ? { ...s, llamaCppTimings: { promptTokensPerSecond: 900, generationTokensPerSecond: 38.5, generationRuns: 63 } } : s));
    expect(buildRecipeFromProbe({ header, steps: timed, model }).sources.contextSize?.note).toMatch(/34\.0 tok\/s generation \(llama\.cpp's timer 38\.5\)\)$/);
    expect(buildRecipeFromProbe({ header, steps, model }).sources.contextSize?.note).toMatch(/34\.0 tok\/s generation\)$/);
  });

  it('gives a smaller wanted context, citing the smallest step that covers it', () => {
    const recipe = buildRecipeFromProbe({ header, steps, model, contextSize: 3000 });
    expect(recipe.settings.contextSize).toBe(3000);
    expect(recipe.sources.contextSize).toMatchObject({ kind: 'verified', stepId: 's2' });
    expect(recipe.sources.contextSize?.note).toMatch(/3000 is within it/);
    expect(recipe.suggestions).toEqual([]);
  });

  it('never claims more than verified: a larger wish becomes a warning and suggestions', () => {
    const recipe = buildRecipeFromProbe({ header, steps: steps.filter((s) => s.id !== 's2'), model, contextSize: 16384 });
    expect(recipe.settings.contextSize).toBe(4096);
    expect(recipe.requestedContextSize).toBe(16384);
    const warning = recipe.warnings.find((w) => w.code === 'context_not_verified');
    expect(warning?.message).toBe('You asked for 16384 tokens of context, but the largest that passed was 4096 (step s1). The recipe uses 4096.');
    expect(recipe.suggestions.map((s) => s.change)).toEqual([{ flashAttention: true }, { typeK: 'q8_0', typeV: 'q8_0', flashAttention: true }]);
    expect(recipe.suggestions[1]!.why).toMatch(/holds about 7680/);
  });

  it('names a crash at or below the recipe context, and whether the recipe shares its settings', () => {
    const same = makeStep({ id: 's4', contextSize: 2048, outcome: 'crashed', flashAttention: true });
    const other = makeStep({ id: 's5', contextSize: 2048, outcome: 'crashed', flashAttention: true, typeK: 'q8_0', typeV: 'q8_0' });
    const recipe = buildRecipeFromProbe({ header, steps: [...steps, same, other], model });
    expect(recipe.warnings.filter((w) => w.code.startsWith('failure_')).map((w) => w.message)).toEqual([
      "Step s4 crashed at 2048 tokens (segfault, SIGSEGV) with the recipe's own settings, at no more than the recipe's context: that failure is not about memory size, and the recipe may hit it too.",
      'Step s5 crashed at 2048 tokens (segfault, SIGSEGV) with K/V q8_0/q8_0; the recipe does not use those settings.',
    ]);
  });

  it('refuses a probe with no passing step, with the tally and what to do', () => {
    const failed = [makeStep({ id: 's0', contextSize: 2048, outcome: 'oom' }), makeStep({ id: 's1', contextSize: 1024, outcome: 'crashed' })];
    expect(() => buildRecipeFromProbe({ header, steps: failed, model })).toThrowError(
      expect.objectContaining({
        code: 'no_verified_settings',
        message: 'Probe p-test has no passing step (2 steps: 1 oom, 1 crashed; the smallest context tried was 1024), so no setting is verified and Headroom will not write a recipe from it.',
        hint: expect.stringMatching(/--from-estimate/),
      }),
    );
    expect(() => buildRecipeFromProbe({ header, steps: [], model })).toThrowError(/no finished step yet/);
  });

  it('does not suggest a quantized cache whose blocks do not divide the head size', () => {
    const narrow = { ...model, headSizes: { k: [16], v: [16] } };
    const recipe = buildRecipeFromProbe({ header, steps: steps.filter((s) => s.id !== 's2'), model: narrow, contextSize: 16384 });
    expect(recipe.suggestions.map((s) => s.change)).toEqual([{ flashAttention: true }]);
  });

  it('warns when the context is beyond what the model was trained for', () => {
    const recipe = buildRecipeFromProbe({ header, steps: [makeStep({ id: 's0', contextSize: 16384, outcome: 'ok' })], model });
    expect(recipe.warnings.map((w) => w.code)).toContain('beyond_trained_context');
  });
});

describe('buildRecipeFromSettings', () => {
  const steps = [makeStep({ id: 's1', contextSize: 4096, outcome: 'ok' }), makeStep({ id: 's2', contextSize: 8192, outcome: 'oom' })];
  const verified = (stepId: string) => ({ kind: 'verified' as const, stepId, note: '' });

  it('accepts verified values a passing step ran, and marks the rest as not verified', () => {
    const recipe = buildRecipeFromSettings({
      model,
      settings: { contextSize: 4096, flashAttention: false, typeK: 'q8_0' },
      sources: { contextSize: verified('s1'), flashAttention: verified('s1'), typeK: { kind: 'user', note: 'from the troubleshooter' } },
      probe: { header, steps },
    });
    expect(recipe.basis).toBe('settings');
    expect(recipe.warnings[0]?.message).toBe('Not verified by a probe: typeK (user).');
  });

  it('warns that llama.cpp refuses a quantized cache whose blocks do not divide the head size', () => {
    const recipe = buildRecipeFromSettings({
      model: { ...model, headSizes: { k: [16], v: [16] } },
      settings: { contextSize: 2048, flashAttention: true, typeK: 'q8_0', typeV: 'q8_0' },
      sources: Object.fromEntries(['contextSize', 'flashAttention', 'typeK', 'typeV'].map((k) => [k, { kind: 'user' as const, note: '' }])),
    });
    expect(recipe.warnings.filter((w) => w.code === 'kv_block_size').map((w) => w.message)).toEqual([
      "A q8_0 K cache stores blocks of 32 values, which do not divide this model's K head size (16): with flash attention on (or auto) llama.cpp refuses to create the context.",
      "A q8_0 V cache stores blocks of 32 values, which do not divide this model's V head size (16): with flash attention on (or auto) llama.cpp refuses to create the context.",
    ]);
  });

  it('rejects a verified claim that no passing step backs', () => {
    expect(() =>
      buildRecipeFromSettings({ model, settings: { contextSize: 8192 }, sources: { contextSize: verified('s2') }, probe: { header, steps } }),
    ).toThrowError(/contextSize cites step s2, which did not pass \(oom\)/);
    expect(() =>
      buildRecipeFromSettings({ model, settings: { contextSize: 6000 }, sources: { contextSize: verified('s1') }, probe: { header, steps } }),
    ).toThrowError(/contextSize = 6000 is not what step s1 ran \(4096\)/);
    expect(() => buildRecipeFromSettings({ model, settings: { contextSize: 4096, threads: 4 }, sources: { contextSize: verified('s1') }, probe: { header, steps } })).toThrowError(/threads = 4 has no source/);
    expect(() => buildRecipeFromSettings({ model, settings: { contextSize: 4096 }, sources: { contextSize: verified('s1') } })).toThrowError(/not in the probe/);
  });
});
