import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { completeTokens, freePort, LLAMA_SKIP_REASON, startLlamaServer, type LlamaServer } from '../support/llamaServer';
import { shellQuote } from '../../src-shared/domain/recipe/shellQuote';
import { RESULTS, ROOT } from '../support/paths';
import { OLLAMA_DOCS, startRecordedServer, type RecordedServer } from '../support/recordedRuntime';
import { servedChromium } from '../support/servedChromium';
import { tinyModel } from '../support/tinyModel';

// The Check my setup screen in Chromium against `headroom serve`: it finds a running runtime, shows its
// findings with their evidence, and saves a fix as a file.

const app = servedChromium();
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

async function check(page: Page, runtime: string, url: string): Promise<void> {
  await page.goto(app.served.url);
  await page.getByRole('button', { name: 'Check my setup' }).first().click();
  const form = page.locator('form.audit-form');
  await form.getByLabel('Runtime').selectOption(runtime);
  await form.getByLabel('URL').fill(url);
  await page.locator('form.audit-form').getByRole('button', { name: 'Check my setup' }).click();
  await page.getByTestId('audit-result').waitFor({ timeout: 30_000 });
}

async function saveFix(page: Page, findingId: string): Promise<string> {
  const finding = page.locator(`[data-testid="finding"][data-id="${findingId}"]`);
  const [download] = await Promise.all([page.waitForEvent('download'), finding.getByRole('button', { name: 'Save fix' }).click()]);
  expect(download.suggestedFilename()).toBe(`headroom-fix-${findingId}.txt`);
  const path = join(mkdtempSync(join(os.tmpdir(), 'headroom-fix-')), download.suggestedFilename());
  await download.saveAs(path);
  return readFileSync(path, 'utf8');
}

describe('the Check my setup screen in Chromium', () => {
  it('a recorded Ollama: shows the CPU share and the small context, and saves the num_ctx fix', async () => {
    const server: RecordedServer = await startRecordedServer(OLLAMA_DOCS);
    stops.push(() => server.close());
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await check(page, 'ollama', server.url);
    const card = page.getByTestId('runtime-card');
    expect(await card.getAttribute('data-kind')).toBe('ollama');
    expect(await card.getByTestId('setting-context').textContent()).toBe('4,096');
    expect(await card.textContent()).toContain('gemma3 (19% on the CPU)');
    const spill = page.locator('[data-testid="finding"][data-id="cpu_spill"]');
    expect(await spill.textContent()).toContain('19% of gemma3 runs on the CPU');
    expect(await spill.textContent()).toContain('size_vram = 5333539264');
    const saved = await saveFix(page, 'context_small_default');
    expect(saved).toContain('PARAMETER num_ctx 16384');
    expect(errors).toEqual([]);
  });

  it('a recorded Ollama at 0.31.2: the known issue of that release, with its thread, its entry and the install line', async () => {
    const server = await startRecordedServer({ ...OLLAMA_DOCS, 'GET /api/version': { fixture: 'ollama/version-0.31.2-thread-17099.json' } });
    stops.push(() => server.close());
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await check(page, 'ollama', server.url);
    const known = page.locator('[data-testid="finding"][data-id="known_version_issue"]');
    expect(await known.getAttribute('data-entry')).toBe('ollama-0-31-2-vision-memory-estimate');
    expect(await known.textContent()).toContain('Ollama 0.31.2 has a known issue');
    expect(await known.textContent()).toContain('ollama/ollama#17099');
    expect(await known.getByTestId('fix-line').textContent()).toBe('curl -fsSL https://ollama.com/install.sh | OLLAMA_VERSION=0.31.1 sh');
  });

  it('nothing at the URL: one clear finding, no crash', async () => {
    const page = await app.browser.newPage();
    await check(page, 'vllm', `http://127.0.0.1:${await freePort()}`);
    const finding = page.getByTestId('finding');
    expect(await finding.count()).toBe(1);
    expect(await finding.textContent()).toMatch(/Nothing answers at http:\/\/127\.0\.0\.1:\d+: the connection was refused/);
  });

  it('a log: diagnoses the last failure with consent, then watches it and shows a new failure as it is appended (SSE)', async () => {
    const lines = readFileSync(join(ROOT, 'tests', 'fixtures', 'logs', 'context_exceeds_limit', 'ollama-cuda-colab-t4-truncating-17624.log'), 'utf8').trimEnd().split('\n');
    const log = join(mkdtempSync(join(os.tmpdir(), 'headroom-watch-ui-')), 'server.log');
    writeFileSync(log, `${lines.join('\n')}\n`);
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.served.url}#/audit`);
    await page.getByLabel('Log path').fill(log);
    await page.getByLabel('Log runtime').selectOption('ollama');
    const diagnoseButton = page.getByRole('button', { name: 'Diagnose the last failure' });
    expect(await diagnoseButton.isDisabled()).toBe(true);
    await page.getByLabel('Let Headroom read this log').check();
    await diagnoseButton.click();
    const result = page.getByTestId('log-diagnosis');
    await result.waitFor();
    expect(await result.textContent()).toContain('truncating input prompt limit=2048 prompt=17624');

    await page.getByRole('button', { name: 'Watch this log' }).click();
    await page.getByRole('button', { name: `Watching ${log}` }).waitFor();
    const appended = performance.now();
    appendFileSync(log, `${lines[4]}\n`);
    await page.getByTestId('watch-events').locator('li').first().waitFor({ timeout: 10_000 });
    const latency = performance.now() - appended;
    console.log(`watch in the UI (append → event shown over SSE): ${latency.toFixed(0)} ms`);
    expect(await page.getByTestId('watch-events').textContent()).toContain('prompt=17624');
    expect(latency).toBeLessThan(1500);
  });

  describe.skipIf(LLAMA_SKIP_REASON !== null)(`a real llama-server${LLAMA_SKIP_REASON ? ` (skipped: ${LLAMA_SKIP_REASON})` : ''}`, () => {
    it('finds the running llama-server with -np 4, shows the per-slot division and saves the corrected command line', async () => {
      const model = await tinyModel({ embeddingLength: 128 });
      const port = await freePort();
      const server: LlamaServer = await startLlamaServer(`llama-server -m ${shellQuote(model)} -c 2048 -np 4 -t 1 --port ${port}`, port);
      stops.push(() => server.stop());
      expect(await completeTokens(server.url, 470)).toBe(200);
      const page = await app.browser.newPage({ viewport: { width: 1280, height: 1000 } });
      await check(page, 'llama-server', server.url);
      const card = page.getByTestId('runtime-card');
      expect(await card.getAttribute('data-kind')).toBe('llama-server');
      expect(await card.getByTestId('setting-slots').textContent()).toBe('4');
      expect(await card.getByTestId('setting-per-slot').textContent()).toBe('512');
      const ids = await page.getByTestId('finding').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')));
      expect(ids).toEqual(expect.arrayContaining(['per_slot_division', 'context_below_prompts', 'kv_cache_defaults']));
      const saved = await saveFix(page, 'per_slot_division');
      expect(saved.trim().split('\n').pop()).toBe(`llama-server -m ${shellQuote(model)} -t 1 --port ${port} -c 2048 -np 1`);
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: join(RESULTS, 'audit-screen.png'), fullPage: true });
    });
  });
});
