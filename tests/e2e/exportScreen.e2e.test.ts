import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/launchChromium';
import { RESULTS, ROOT } from '../support/paths';
import { runCli } from '../support/runCli';
import { startServe, type Served } from '../support/startServe';
import type { StepResult } from '../../src-shared/contract/probe';
import { exportParams } from '../../src-renderer/features/troubleshoot/exportParams';

// The Export screen in Chromium against `headroom serve`, on probe files the real probe wrote.

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'probes');
const FINDMAX_ID = '20261126T024607-c8115b';
const NO_PASSING_ID = '20261126T024905-9783da';
let served: Served;
let browser: Browser;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'headroom-export-e2e-'));
  mkdirSync(join(dataDir, 'probes'));
  copyFileSync(join(FIXTURES, 'findmax-cgroup-oom.jsonl'), join(dataDir, 'probes', `${FINDMAX_ID}.jsonl`));
  copyFileSync(join(FIXTURES, 'no-passing-vulkan-abort.jsonl'), join(dataDir, 'probes', `${NO_PASSING_ID}.jsonl`));
  served = await startServe({ HEADROOM_DATA_DIR: dataDir });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function open(hash: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${served.url}${hash}`);
  return { page, errors };
}

describe('the Export screen', () => {
  it('shows the verified recipe: settings with their source on hover, runtime tabs, copy buttons', async () => {
    const { page, errors } = await open(`#/export?probe=${FINDMAX_ID}`);
    await page.getByTestId('recipe-result').waitFor({ timeout: 60_000 });

    const context = page.locator('[data-setting="contextSize"]');
    expect(await context.textContent()).toBe('8960');
    expect(await context.getAttribute('title')).toBe('verified: step 20261126T024607-c8115b-1 passed at 8960 tokens (flash attention off, K f16 / V f16, 3.8 tok/s generation)');
    expect(await page.getByTestId('recipe-warnings').textContent()).toMatch(/1 larger step failed \(cgroup_oom_kill\)/);

    // Every tab shows the same files and commands as the CLI, and the numbers carry their source.
    for (const [tab, runtime] of [['Ollama', 'ollama'], ['llama.cpp', 'llama.cpp'], ['LM Studio', 'lmstudio'], ['vLLM', 'vllm'], ['node-llama-cpp', 'node-llama-cpp']] as const) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      const panel = page.getByTestId(`panel-${runtime}`);
      await panel.waitFor();
      const cli = JSON.parse((await runCli(['recipe', join(FIXTURES, 'findmax-cgroup-oom.jsonl'), '--runtime', runtime, '--json'])).stdout) as { commands: string[]; files: { content: string }[] };
      const text = (await panel.locator('pre').allTextContents()).join('\n');
      for (const command of cli.commands) expect(text).toContain(command);
      for (const file of cli.files) expect(text).toContain(file.content.trimEnd());
      const number = panel.locator('pre .src', { hasText: /^8960$/ }).first();
      expect(await number.getAttribute('title'), runtime).toMatch(/Context size \(tokens per sequence\): verified: step 20261126T024607-c8115b-1/);
    }

    await page.getByRole('tab', { name: 'Ollama', exact: true }).click();
    await page.getByRole('button', { name: 'Copy Modelfile' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Copy Modelfile' }).textContent()).toBe('Copied');
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard).toMatch(/^# Modelfile written by Headroom[\s\S]*\nPARAMETER num_ctx 8960\n/);

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'export-screen.png'), fullPage: true });
    await page.getByRole('tab', { name: 'llama.cpp', exact: true }).click();
    await page.getByTestId('panel-llama.cpp').screenshot({ path: join(RESULTS, 'export-screen-llama-cpp.png') });
    expect(errors).toEqual([]);
  });

  it('downloads the report as self-contained HTML', async () => {
    const { page, errors } = await open(`#/export?probe=${FINDMAX_ID}`);
    await page.getByTestId('recipe-result').waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Download report' }).click()]);
    expect(download.suggestedFilename()).toBe(`headroom-report-${FINDMAX_ID}.html`);
    const path = join(RESULTS, 'export-download.html');
    await download.saveAs(path);
    const html = readFileSync(path, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(errors).toEqual([]);
  });

  it('a wish beyond the verified context: the recipe keeps what was verified and lists what would fit more', async () => {
    const { page, errors } = await open(`#/export?probe=${FINDMAX_ID}&ctx=16384`);
    await page.getByTestId('recipe-result').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-setting="contextSize"]').textContent()).toBe('8960');
    expect(await page.getByTestId('recipe-warnings').textContent()).toMatch(/You asked for 16384 tokens of context, but the largest that passed was 8960/);
    expect(await page.locator('.suggestions li').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('takes settings handed over by the troubleshooter, with their sources', async () => {
    const settings = {
      model: { path: '/models/qwen3-8b-q4_k_m.gguf', layerCount: 36 },
      settings: { contextSize: 8960, flashAttention: true, typeK: 'q8_0', typeV: 'q8_0' },
      sources: {
        contextSize: { kind: 'verified', stepId: `${FINDMAX_ID}-1`, note: 'step passed at 8960 tokens' },
        flashAttention: { kind: 'user', note: 'fix: turn flash attention on' },
        typeK: { kind: 'user', note: 'fix: q8_0 cache' },
        typeV: { kind: 'user', note: 'fix: q8_0 cache' },
      },
      probeId: FINDMAX_ID,
    };
    const { page, errors } = await open(`#/export?settings=${encodeURIComponent(JSON.stringify(settings))}`);
    await page.getByTestId('recipe-result').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-setting="flashAttention"]').getAttribute('title')).toBe('given by the user, not verified: fix: turn flash attention on');
    expect(await page.getByTestId('recipe-warnings').textContent()).toMatch(/Not verified by a probe: flashAttention, typeK, typeV/);
    await page.getByRole('tab', { name: 'llama.cpp', exact: true }).click();
    expect(await page.getByTestId('panel-llama.cpp').textContent()).toContain('llama-server -m /models/qwen3-8b-q4_k_m.gguf -c 8960 -np 1 -fa on -ctk q8_0 -ctv q8_0');
    expect(errors).toEqual([]);
  });

  it('takes the troubleshooter\'s own export link for a verified step', async () => {
    const step = readFileSync(join(FIXTURES, 'findmax-cgroup-oom.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; id?: string })
      .find((r) => r.type === 'step' && r.id === `${FINDMAX_ID}-1`) as unknown as StepResult;
    const params = exportParams(step, FINDMAX_ID, '/tmp/hr-models/wide-kv.gguf');
    const { page, errors } = await open(`#/export?${new URLSearchParams(params).toString()}`);
    await page.getByTestId('recipe-result').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-setting="contextSize"]').textContent()).toBe('8960');
    expect(await page.locator('[data-setting="contextSize"]').getAttribute('title')).toBe("verified: passed the troubleshooter's verification on this machine");
    expect(errors).toEqual([]);
  });

  it('refuses a probe with no passing step in words, and lists the saved probes without a link', async () => {
    const { page } = await open(`#/export?probe=${NO_PASSING_ID}`);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/has no passing step \(2 steps: 2 crashed/);

    const picker = await open('#/export');
    // Wait for the list itself: the sidebar's own "Export" entry is there before the saved probes are.
    await picker.page.locator('.probe-pick tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await picker.page.locator('.probe-pick tbody tr').count()).toBe(2);
    expect(picker.errors).toEqual([]);
  });
});
