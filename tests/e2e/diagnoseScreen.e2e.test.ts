import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RESULTS, ROOT } from '../support/paths';
import { servedChromium } from '../support/servedChromium';

const fixture = (file: string) => join(ROOT, 'tests', 'fixtures', 'logs', file);

const app = servedChromium();

async function openDiagnose(): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(app.served.url);
  await page.getByRole('button', { name: 'Diagnose', exact: true }).first().click();
  await page.getByRole('heading', { name: 'Diagnose a log' }).waitFor();
  return { page, errors };
}

describe('the Diagnose screen in Chromium against headroom serve', () => {
  it('diagnoses a pasted real log: category, evidence highlighted in the log, concrete fixes per runtime', async () => {
    const { page, errors } = await openDiagnose();
    await page.getByLabel('Log', { exact: true }).fill(readFileSync(fixture('gpu_oom_kv_cache/llama.cpp-rocm-strix-halo-128k-iswa-kv.log'), 'utf8'));
    await page.getByRole('button', { name: 'Diagnose', exact: true }).last().click();
    await page.getByTestId('diagnosis').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('diagnosis-category').textContent()).toBe('gpu_oom_kv_cache');
    expect(await page.getByTestId('match-title').textContent()).toBe('The KV cache for this context does not fit in memory');
    const highlighted = await page.getByTestId('evidence-line').allTextContents();
    expect(highlighted.some((t) => t.startsWith('4') && t.includes('cudaMalloc failed: out of memory'))).toBe(true);
    expect(await page.getByTestId('fix-expected').first().textContent()).toBe('KV cache at 128,000 tokens: 4,500 MiB → 2,391 MiB');
    await page.getByRole('tab', { name: 'ollama' }).first().click();
    expect(await page.getByTestId('fix-command').first().textContent()).toMatch(/^OLLAMA_FLASH_ATTENTION=1 OLLAMA_KV_CACHE_TYPE=q8_0 ollama serve/);
    await expect.poll(() => page.getByRole('button', { name: 'Troubleshoot this out-of-memory step by step' }).count()).toBe(1);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'diagnose-screen.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('reads a log file picked from disk, and recognises the runtime from its wording', async () => {
    const { page } = await openDiagnose();
    await page.getByLabel('Log file').setInputFiles(fixture('context_exceeds_limit/ollama-cuda-colab-t4-truncating-17624.log'));
    await expect.poll(() => page.getByLabel('Log', { exact: true }).inputValue()).toMatch(/truncating input prompt/);
    await page.getByRole('button', { name: 'Diagnose', exact: true }).last().click();
    await page.getByTestId('diagnosis').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('diagnosis-category').textContent()).toBe('context_exceeds_limit');
    expect(await page.getByTestId('diagnosis').textContent()).toMatch(/ollama · cuda/);
    expect(await page.getByTestId('fix-command').first().textContent()).toMatch(/^PARAMETER num_ctx 19456 /);
  });

  it('answers an empty paste with what to paste instead', async () => {
    const { page } = await openDiagnose();
    await page.getByRole('button', { name: 'Diagnose', exact: true }).last().click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/The log is empty\..*Paste the output of the failing run/);
  });

  it('says unknown for a log without a known failure', async () => {
    const { page } = await openDiagnose();
    await page.getByLabel('Log', { exact: true }).fill('srv  log_server_r: request: GET /health 127.0.0.1 200\nall slots are idle\n');
    await page.getByRole('button', { name: 'Diagnose', exact: true }).last().click();
    await page.getByTestId('diagnosis').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('diagnosis-category').textContent()).toBe('unknown');
    expect(await page.getByTestId('diagnosis').textContent()).toMatch(/No known failure matched this log/);
  });
});
