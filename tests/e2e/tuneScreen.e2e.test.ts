import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TuneResult } from '../../src-shared/contract/tune';
import { RESULTS } from '../support/paths';
import { servedChromium } from '../support/servedChromium';
import { tinyModel } from '../support/tinyModel';

const app = servedChromium();

describe('the tune screen in Chromium against headroom serve', () => {
  it('starts a tune, shows live progress and the Pareto chart, and exports the winner verified by its step', async () => {
    const model = await tinyModel();
    const page = await app.browser.newPage({ viewport: { width: 1320, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.served.url);
    await page.getByRole('button', { name: 'Tune', exact: true }).click();
    await page.getByLabel('Model file').fill(model);
    await page.getByLabel('Context').fill('512');
    await page.getByLabel('Generated tokens').fill('4');
    await page.getByRole('button', { name: 'Tune', exact: true }).last().click();

    await page.getByTestId('tune-view').waitFor({ timeout: 30_000 });
    // Live: step k of n with what is being tried, while the tune runs.
    const progress = page.getByTestId('tune-progress');
    await expect.poll(() => progress.textContent(), { timeout: 60_000 }).toMatch(/Step \d+ of \d+.*: /);
    const rows = page.getByTestId('tune-candidates').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('tune-status').textContent()).toBe('running');
    await expect.poll(() => page.getByTestId('tune-status').textContent(), { timeout: 300_000, interval: 500 }).toBe('done');

    const id = new URL(page.url()).hash.match(/id=([^&]+)/)![1]!;
    const result = ((await (await fetch(`${app.served.origin}/api/tune:get`, { method: 'POST', headers: { Authorization: `Bearer ${app.served.token}` }, body: JSON.stringify({ id }) })).json()) as { value: TuneResult }).value;
    expect(await rows.count()).toBe(result.candidates.length);
    const chart = page.getByTestId('tune-pareto-chart');
    await expect.poll(() => chart.locator('.recharts-scatter-symbol').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('tune-winner').textContent()).toContain(result.winner!.stepId);
    expect(await page.getByTestId('tune-winner').textContent()).toContain('node-llama-cpp-defaults');

    mkdirSync(RESULTS, { recursive: true });
    await page.setViewportSize({ width: 1320, height: 1600 });
    await page.screenshot({ path: join(RESULTS, 'tune-screen.png'), fullPage: true });

    await page.getByRole('button', { name: 'Export these settings' }).click();
    const recipe = page.getByTestId('recipe-result');
    await recipe.waitFor({ timeout: 60_000 });
    expect(await recipe.textContent()).toContain(result.probeId!);
    expect(errors).toEqual([]);
  }, 420_000);
});
