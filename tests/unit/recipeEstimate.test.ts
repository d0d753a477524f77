import { describe, expect, it } from 'vitest';
import { estimateMemory } from '../../src-shared/domain/memory/estimateMemory';
import { findPreset } from '../../src-shared/domain/models/modelPresets';
import { buildRecipeFromEstimate } from '../../src-shared/domain/recipe/buildRecipeFromEstimate';
import { renderRecipe } from '../../src-shared/domain/recipe/renderRecipe';

const geometry = findPreset('llama-3.1-8b')!.geometry;
const model = { path: '/m/llama-8b.gguf', name: 'llama-8b', architecture: 'llama', layerCount: 32, trainedContext: 131072, sizeBytes: null, headSizes: { k: [128], v: [128] } };
const GiB = 1024 ** 3;
const gpu = (freeBytes: number | null) => ({ backend: 'cuda' as const, deviceName: 'RTX 4090', vramTotalBytes: 24 * GiB, ramTotalBytes: 64 * GiB, freeBytes });

describe('buildRecipeFromEstimate', () => {
  it('keeps a context that fits at the high end of the error band, and says it is only estimated', () => {
    const recipe = buildRecipeFromEstimate({ model, geometry, weightType: 'q4_K', contextSize: 16384, target: gpu(22 * GiB) });
    expect(recipe.basis).toBe('estimate');
    expect(recipe.settings).toEqual({ contextSize: 16384 });
    const source = recipe.sources.contextSize!;
    expect(source.kind).toBe('estimated');
    if (source.kind !== 'estimated') return;
    expect(source.errorBand!.low).toBeGreaterThanOrEqual(16384);
    expect(source.errorBand!.high).toBeGreaterThanOrEqual(source.errorBand!.low);
    expect(recipe.warnings.map((w) => w.code)).toEqual(['estimate_only']);
    expect(renderRecipe(recipe, 'llama.cpp').commands[0]).toBe('llama-server -m /m/llama-8b.gguf -c 16384 -np 1 --host 127.0.0.1 --port 8080');
  });

  it('lowers a context that does not fit to the largest that does, with the reason and suggestions', () => {
    const recipe = buildRecipeFromEstimate({ model, geometry, weightType: 'q4_K', contextSize: 131072, target: gpu(8 * GiB) });
    const ctx = recipe.settings.contextSize;
    expect(ctx).toBeLessThan(131072);
    expect(ctx % 256).toBe(0);
    // The chosen context fits at the high end of the band; the next 256 up does not.
    const high = (c: number) => {
      const e = estimateMemory({ geometry, contextSize: c, weightType: 'q4_K', gpus: [{ name: 'RTX 4090' }] });
      return (e.devices[1]!.totalBytes * e.errorBand.highBytes) / e.totalBytes;
    };
    expect(high(ctx)).toBeLessThanOrEqual(8 * GiB);
    expect(high(ctx + 256)).toBeGreaterThan(8 * GiB);
    expect(recipe.warnings.find((w) => w.code === 'context_not_verified')?.message).toMatch(new RegExp(`The largest that should fit is ${ctx}\\.`));
    expect(recipe.suggestions.map((s) => s.title)).toContain('Quantize the K/V cache to q8_0 (with flash attention)');
  });

  it('says when the fit could not be checked, and refuses a model that cannot fit at all', () => {
    const unknown = buildRecipeFromEstimate({ model, geometry, weightType: 'q4_K', contextSize: 8192, target: gpu(null) });
    expect(unknown.sources.contextSize).toMatchObject({ kind: 'estimated', errorBand: null });
    expect(unknown.warnings.map((w) => w.code)).toContain('fit_not_checked');
    expect(() => buildRecipeFromEstimate({ model, geometry, weightType: 'q4_K', contextSize: 8192, target: gpu(2 * GiB) })).toThrowError(
      expect.objectContaining({ code: 'estimate_does_not_fit' }),
    );
  });
});
