import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/launchChromium';
import { RESULTS } from '../support/paths';
import { startServe, type Served } from '../support/startServe';
import { tinyModel } from '../support/tinyModel';

let served: Served;
let browser: Browser;
const root = mkdtempSync(join(os.tmpdir(), 'headroom-e2e-models-'));

beforeAll(async () => {
  const dataDir = join(root, 'data');
  mkdirSync(join(dataDir, 'models', 'synthetic'), { recursive: true });
  copyFileSync(await tinyModel({ layers: 2 }), join(dataDir, 'models', 'synthetic', 'tiny-llama.gguf'));
  // Every store points into the temp folder, so the scan sees exactly the fixture.
  served = await startServe({
    HEADROOM_DATA_DIR: dataDir, HOME: join(root, 'home'), HF_HOME: join(root, 'hf'), LLAMA_CACHE: join(root, 'llama'), OLLAMA_MODELS: join(root, 'ollama'), XDG_CACHE_HOME: join(root, 'cache'),
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('the Models screen in Chromium against headroom serve', () => {
  it('lists a generated model, searches, and shows its geometry and memory chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    const table = page.getByTestId('model-table');
    await table.waitFor({ timeout: 60_000 });
    const row = table.getByRole('row', { name: /tiny-llama/ });
    expect(await row.textContent()).toMatch(/tiny-llama.*synthetic.*llama.*8,192.*F16/);
    await page.getByLabel('Search models').fill('qwen-nothing');
    await expect.poll(() => table.getByRole('row').count()).toBe(1);
    await page.getByLabel('Search models').fill('llama');
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'models-screen.png'), fullPage: true });

    await row.click();
    await page.getByTestId('geometry').waitFor();
    expect(await page.getByTestId('model-title').textContent()).toBe('headroom tiny test model');
    expect(await page.getByTestId('geometry').textContent()).toMatch(/Layers2.*KV heads2.*Key \/ value size16 \/ 16/);
    const chart = page.getByTestId('memory-chart');
    await chart.locator('.recharts-area').first().waitFor();
    expect(await chart.locator('.recharts-area').count()).toBe(3);
    // The RAM line and the largest context that fits appear once the hardware probe answers.
    await page.getByTestId('fits').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('fits').textContent()).toMatch(/Largest context that fits in available RAM \(.* GiB\): [\d,]+ tokens/);
    // The served data folder has measured nothing: the estimate says it is not calibrated on this machine.
    await page.getByTestId('calibration-note').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('calibration-note').textContent()).toMatch(/^Not calibrated on this machine: no measured cpu step yet/);
    expect(await chart.textContent()).toMatch(/RAM available/);
    expect(await chart.textContent()).toMatch(/fits up to/);
    await page.screenshot({ path: join(RESULTS, 'model-page.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('creates a synthetic model from a preset and opens it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    await page.getByLabel('Preset').selectOption('qwen3-8b');
    await page.getByLabel('Layers').fill('1');
    await page.getByRole('button', { name: 'Create synthetic model' }).click();
    await page.getByTestId('geometry').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('model-title').textContent()).toBe('Headroom synthetic qwen3-8b-1L-q4_0');
    expect(await page.getByTestId('geometry').textContent()).toMatch(/Architectureqwen3.*Layers1.*KV heads8/);

    // The full preset's estimate: its KV cache grows past this machine's RAM somewhere, and the chart marks where.
    await page.getByRole('button', { name: '← Models' }).click();
    await page.getByLabel('Preset').selectOption('llama-3.1-8b');
    await page.getByRole('button', { name: 'Estimate the full model' }).click();
    await page.getByTestId('fits').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('geometry').textContent()).toMatch(/Layers32.*KV heads8/);
    await page.screenshot({ path: join(RESULTS, 'model-preset-estimate.png'), fullPage: true });
  });

  it('refuses a folder that does not exist, with a hint', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    await page.getByLabel('Folder to add').fill('/no/such/folder');
    await page.getByRole('button', { name: 'Add folder' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/"\/no\/such\/folder" is not a folder.*Give the path of an existing folder/);
  });
});
