import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TuneResult } from '../../src-shared/contract/tune';
import { RESULTS } from '../support/paths';
import { servedChromium } from '../support/servedChromium';
import { tinyModel } from '../support/tinyModel';

const app = servedChromium();

describe('the tune screen in Chromium against headroom serve', () => {
  it('starts a tune, shows live progress, the Pareto chart and the chart of tok/s against context per setting, and exports the winner verified by its step', async () => {
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
    // Tok/s against context per setting: the winner measured again at a smaller context (the curve), one line per setting.
    const curve = result.candidates.filter((c) => c.stage === 'curve');
    expect(curve.length).toBeGreaterThanOrEqual(1);
    expect(curve.every((c) => c.settings.contextSize === 256)).toBe(true);
    expect(curve.some((c) => JSON.stringify({ ...c.settings, contextSize: 512 }) === JSON.stringify(result.winner!.settings))).toBe(true);
    const contextChart = page.getByTestId('tune-context-chart');
    expect(await contextChart.locator('figcaption').textContent()).toMatch(/Tok\/s against context per setting/);
    for (const speed of ['pp', 'tg']) {
      const lines = page.getByTestId(`tune-context-chart-${speed}`).locator('.recharts-line');
      await expect.poll(() => lines.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      // The winner's line has a point at 256 and at 512 tokens.
      await expect.poll(() => page.getByTestId(`tune-context-chart-${speed}`).locator('.recharts-line-dot').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    }
    expect(await contextChart.locator('.chart-legend').textContent()).toContain('winner: ');
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
