import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGgufServer, type GgufServer } from '../support/ggufServer';
import { launchChromium } from '../support/launchChromium';
import { RESULTS } from '../support/paths';
import { startServe, type Served } from '../support/startServe';
import { tinyModel } from '../support/tinyModel';

// The Will it run? screen in Chromium against `headroom serve`, with a model served over real HTTP on
// 127.0.0.1 as Hugging Face would serve it.

let models: GgufServer;
let served: Served;
let browser: Browser;
const root = mkdtempSync(join(os.tmpdir(), 'headroom-e2e-whatif-'));

beforeAll(async () => {
  const wide = await tinyModel({ layers: 4, heads: 4, kvHeads: 4, headDim: 256, embeddingLength: 256, feedForwardLength: 512, contextLength: 32768 });
  models = await startGgufServer({ '/acme/wide-GGUF/resolve/main/wide-F16.gguf': { file: wide } });
  served = await startServe({ HEADROOM_DATA_DIR: join(root, 'data'), HF_ENDPOINT: models.origin, HF_TOKEN: '', HOME: join(root, 'home'), HF_HOME: join(root, 'hf'), LLAMA_CACHE: join(root, 'llama'), OLLAMA_MODELS: join(root, 'ollama'), XDG_CACHE_HOME: join(root, 'cache') });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await models?.close();
});

describe('the Will it run? screen in Chromium', () => {
  it('takes a pasted hf: reference from the Models screen, answers for the chosen devices with a table and a chart, and exports a recipe', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    await page.getByLabel('Hugging Face reference').fill('hf:acme/wide-GGUF/wide-F16.gguf');
    await page.getByRole('button', { name: 'Check a model from Hugging Face' }).click();
    expect(await page.getByLabel('Model', { exact: true }).inputValue()).toBe('hf:acme/wide-GGUF/wide-F16.gguf');

    // Three cards are chosen to start with; add a Mac and drop the 12 GB card.
    await page.getByLabel('RTX 3060 12GB').uncheck();
    await page.getByLabel('Find a device').fill('M2 16');
    await page.getByLabel('Apple M2 16GB').check();
    await page.getByLabel('Context').fill('16384');
    await page.getByRole('button', { name: 'Check these devices' }).click();

    const table = page.getByTestId('whatif-table');
    await table.waitFor({ timeout: 60_000 });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.allTextContents()).toEqual([expect.stringMatching(/^RTX 4060 8GB7\.5 GiByes32,768 \/ 32,768/), expect.stringMatching(/^RTX 3090 24GB/), expect.stringMatching(/^Apple M2 16GB10\.7 GiByes/)]);
    expect(await page.getByTestId('whatif-model').textContent()).toMatch(/llama, 4 layers, trained context 32,768.*remote header/);
    await page.getByTestId('whatif-chart').locator('.recharts-bar-rectangle').first().waitFor();
    expect(await page.getByTestId('whatif-chart').locator('.recharts-bar-rectangle').count()).toBe(9);
    expect(await page.getByTestId('whatif-split').textContent()).toMatch(/RTX 4060 8GB \d+ layers, RTX 3090 24GB \d+ layers; .*limited by/);
    expect(await page.getByTestId('speed-basis').textContent()).toMatch(/^Estimate, not measured/);

    await page.getByLabel('Pick RTX 4060 8GB').check();
    await page.getByRole('button', { name: 'Export recipe for RTX 4060 8GB' }).click();
    const recipe = page.getByTestId('whatif-recipe');
    await recipe.waitFor({ timeout: 60_000 });
    expect(await recipe.textContent()).toMatch(/llama-server --hf-repo acme\/wide-GGUF --hf-file wide-F16\.gguf -c 32768/);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'whatif-screen.png'), fullPage: true });
    // Only the header crossed the network.
    expect(models.sentFor('wide-F16.gguf')).toBeLessThanOrEqual(2_000_000);
    expect(errors).toEqual([]);
  });

  it('shows a bad reference as one clear error', async () => {
    const page = await browser.newPage();
    await page.goto(`${served.url.replace(/#.*$/, '')}#/whatif?ref=hf:acme/missing/none.gguf`);
    await page.getByRole('button', { name: 'Check these devices' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/not found \(HTTP 404\).*owner, repository/);
  });
});
