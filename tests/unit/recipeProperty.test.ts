import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StepResult } from '../../src-shared/contract/probe';
import { KvCacheTypeSchema, RuntimeSchema } from '../../src-shared/contract/settings';
import type { Recipe, RenderedRecipe } from '../../src-shared/contract/recipe';
import { buildRecipeFromProbe } from '../../src-shared/domain/recipe/buildRecipeFromProbe';
import { validateModelfile } from '../../src-shared/domain/recipe/ollamaModelfileSpec';
import { renderRecipe } from '../../src-shared/domain/recipe/renderRecipe';
import { traceRecipe } from '../../src-shared/domain/recipe/traceRecipe';
import { NUMBER_TOKEN } from '../../src-shared/domain/recipe/annotateNumbers';
import { verifiedContext } from '../../src-shared/domain/recipe/stepSettings';
import { makeHeader, makeStep } from './recipeSteps';

const stepArb = fc.record({
  contextSize: fc.integer({ min: 1, max: 262_144 }),
  outcome: fc.constantFrom('ok', 'ok', 'oom', 'crashed', 'error', 'timeout', 'cancelled') as fc.Arbitrary<StepResult['outcome']>,
  flashAttention: fc.boolean(),
  typeK: fc.constantFrom(...KvCacheTypeSchema.options),
  typeV: fc.constantFrom(...KvCacheTypeSchema.options),
  gpuLayers: fc.oneof(fc.constant('auto' as const), fc.constant('all' as const), fc.integer({ min: 0, max: 120 })),
  actualGpuLayers: fc.option(fc.integer({ min: 0, max: 120 })),
  batchSize: fc.integer({ min: 1, max: 8192 }),
  threads: fc.integer({ min: 1, max: 64 }),
  actualContextSize: fc.option(fc.integer({ min: 1, max: 262_400 })),
  generationTokensPerSecond: fc.option(fc.double({ min: 0, max: 500, noNaN: true })),
  backend: fc.constantFrom('cpu', 'cuda', 'vulkan', 'metal') as fc.Arbitrary<StepResult['backend']>,
});

const probeArb = fc.array(stepArb, { minLength: 1, maxLength: 12 }).map((raw) =>
  raw.map((r, index) => makeStep({ ...r, id: `s${index}`, index, ubatchSize: r.batchSize, actualBackend: r.outcome === 'ok' ? r.backend : null })),
);

const NUMBER = NUMBER_TOKEN;

/** The numbers a user would paste: commands and file lines, without comments and without the model path. */
function pastedNumbers(recipe: Recipe, rendered: RenderedRecipe): string[] {
  const lines = [...rendered.commands, ...rendered.files.flatMap((f) => f.content.split('\n').filter((l) => !/^\s*(#|\/\/)/.test(l)))];
  return lines.flatMap((line) => line.replaceAll(recipe.model.path, 'MODEL').match(NUMBER) ?? []);
}

describe('every recipe number traces to a passing step (property)', () => {
  it('recipes built from any probe trace, never exceed what passed, and render only traced numbers', () => {
    fc.assert(
      fc.property(probeArb, fc.option(fc.integer({ min: 1, max: 300_000 })), fc.option(fc.integer({ min: 1, max: 200 })), (steps, wanted, layerCount) => {
        const passing = steps.filter((s) => s.outcome === 'ok');
        const model = { path: '/m/My Model.gguf', name: 'My Model', architecture: 'llama', layerCount, trainedContext: null, sizeBytes: null, headSizes: null };
        let recipe: Recipe;
        try {
          recipe = buildRecipeFromProbe({ header: makeHeader(), steps, model, contextSize: wanted ?? undefined });
        } catch (error) {
          // Refusing is the only honest answer without a passing step, and the only case it may refuse.
          expect(passing).toHaveLength(0);
          expect((error as { code: string }).code).toBe('no_verified_settings');
          return;
        }
        expect(traceRecipe(recipe.settings, recipe.sources, steps)).toEqual([]);
        expect(recipe.settings.contextSize).toBeLessThanOrEqual(Math.max(...passing.map(verifiedContext)));
        if (wanted !== null && recipe.settings.contextSize < wanted) {
          expect(recipe.warnings.map((w) => w.code)).toContain('context_not_verified');
        }
        for (const runtime of RuntimeSchema.options) {
          const rendered = renderRecipe(recipe, runtime);
          for (const number of pastedNumbers(recipe, rendered)) {
            const value = rendered.values.find((v) => v.text === number);
            expect(value, `${runtime}: ${number} is not accounted for`).toBeDefined();
            for (const key of value!.keys) expect(recipe.sources[key], `${runtime}: ${number} comes from ${key}, which has no source`).toBeDefined();
          }
          if (runtime === 'ollama') expect(validateModelfile(rendered.files.find((f) => f.name === 'Modelfile')!.content)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
