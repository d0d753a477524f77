import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProbeDetail } from '../../src-shared/contract/probe';
import { RESULTS } from '../support/paths';
import { servedChromium } from '../support/servedChromium';
import { tinyModel } from '../support/tinyModel';

const app = servedChromium();

describe('the probe screen in Chromium against headroom serve', () => {
  it('finds the max context with one click under a budget, with steps and charts updating live', async () => {
    const model = await tinyModel({ layers: 8, embeddingLength: 256, heads: 4, kvHeads: 4, feedForwardLength: 512, contextLength: 32768 });
    const page = await app.browser.newPage({ viewport: { width: 1320, height: 1000 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.served.url);
    await page.getByRole('button', { name: 'Probe', exact: true }).click();
    await page.getByLabel('Model path').fill(model);
    await page.getByLabel('Budget mechanism').selectOption('addressSpace');
    await page.getByLabel('Memory limit').fill('1.3GB');
    await page.getByLabel('Prompt fill').fill('0.05');
    expect(await page.getByLabel('Memory check').inputValue()).toBe('estimate');
    expect(await page.getByLabel('Time cap in minutes').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Find my max context' }).click();

    await page.getByTestId('probe-view').waitFor({ timeout: 30_000 });
    const status = page.getByTestId('probe-status');
    const rows = page.getByTestId('step-row');
    const dots = page.getByTestId('speed-chart-pp').locator('.recharts-line-dot');
    // Live: while the probe is still running, steps and chart points arrive one by one over SSE.
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    expect(await status.textContent()).toBe('running');
    const firstRows = await rows.count();
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBeGreaterThan(firstRows);
    await expect.poll(() => dots.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await page.getByTestId('running-row').or(status.filter({ hasText: 'done' })).first().waitFor({ timeout: 60_000 });
    // The live row says where the running step is (phase, tokens, speed, time), from the worker over SSE.
    const progress = page.getByTestId('running-progress');
    const seen: string[] = [];
    await expect
      .poll(async () => {
        const text = (await progress.count()) ? await progress.first().textContent().catch(() => null) : null;
        if (text) seen.push(text);
        return seen.some((t) => /(load|context|prompt|fill|generate).* elapsed/.test(t)) || (await status.textContent()) === 'done';
      }, { timeout: 120_000, interval: 100 })
      .toBe(true);
    expect(seen.some((t) => /(load|context|prompt|fill|generate).* elapsed/.test(t)), seen.join(' | ')).toBe(true);

    await expect.poll(() => status.textContent(), { timeout: 240_000, interval: 500 }).toBe('done');
    const id = new URL(page.url()).hash.match(/id=([^&]+)/)![1]!;
    const detail = (await (await fetch(`${app.served.origin}/api/probe:get`, { method: 'POST', headers: { Authorization: `Bearer ${app.served.token}` }, body: JSON.stringify({ id }) })).json()) as { value: ProbeDetail };
    const max = detail.value.summary.maxContext;
    // On failure, say which step left the maximum unverified (its outcome, phase and message).
    const trace = detail.value.steps.map((s) => `${s.contextSize} fa=${s.flashAttention} ${s.fill ?? 'prompt'}: ${s.outcome} ${Math.round(s.durationMs)} ms ${s.failure ? `${s.failure.classification}@${s.failure.phase} ${s.failure.signal ?? s.failure.exitCode ?? ''} ${s.failure.message} | ${s.failure.stderrTail.slice(-3).join(' / ')}` : ''}`);
    expect(max.verified, `${JSON.stringify(max.bounds)}\n${trace.join('\n')}`).toBe(true);
    expect(detail.value.header.plan.base.memoryCheck).toBe('estimate');
    expect(await page.getByTestId('max-on').textContent()).toBe(String(max.flashAttention.on ?? '—'));
    expect(await page.getByTestId('max-off').textContent()).toBe(String(max.flashAttention.off ?? '—'));
    expect(await rows.count()).toBe(detail.value.steps.length);
    expect(await page.getByTestId('memory-chart').locator('.recharts-reference-line').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('analysis').waitFor();

    mkdirSync(RESULTS, { recursive: true });
    await page.setViewportSize({ width: 1320, height: 1700 });
    await page.screenshot({ path: join(RESULTS, 'probe-screen.png'), fullPage: true });

    // The finished probe hands its verified settings to the Export screen.
    await page.getByRole('button', { name: 'Export settings' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/export?probe=${id}`);
    const recipe = page.getByTestId('recipe-result');
    await recipe.waitFor({ timeout: 60_000 });
    expect(await recipe.textContent()).toContain(`verified by probe ${id}`);
    expect(errors).toEqual([]);
  });
});

describe('the probe screen sets the speed floor and the speed depths, as the CLI does', () => {
  it('sends them with find-max and shows their results, with the time predicted before the start', async () => {
    const model = await tinyModel({ layers: 2, embeddingLength: 128, heads: 2, kvHeads: 2, feedForwardLength: 256, contextLength: 8192 });
    const page = await app.browser.newPage({ viewport: { width: 1320, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.served.url);
    await page.getByRole('button', { name: 'Probe', exact: true }).click();
    await page.getByLabel('Model path').fill(model);
    await page.getByLabel('Speed depths').fill('1024, x');
    expect(await page.getByRole('button', { name: 'Find my max context' }).isDisabled()).toBe(true);
    await page.getByLabel('Speed depths').fill('1024, 2048');
    await page.getByLabel('Speed floor in generation tokens per second').fill('0.5');
    await page.getByRole('button', { name: 'Find my max context' }).click();

    await page.getByTestId('probe-view').waitFor({ timeout: 30_000 });
    // The prediction made before the first step, and where it came from, is on the screen from the start.
    await expect.poll(() => page.getByTestId('probe-predicted-at-start').textContent(), { timeout: 30_000 }).toMatch(/predicted before start: ≈ \d.* \((rough prior|from this machine’s speed record)/);
    await expect.poll(() => page.getByTestId('probe-status').textContent(), { timeout: 400_000, interval: 1000 }).toBe('done');
    const id = new URL(page.url()).hash.match(/id=([^&]+)/)![1]!;
    const detail = (await (await fetch(`${app.served.origin}/api/probe:get`, { method: 'POST', headers: { Authorization: `Bearer ${app.served.token}` }, body: JSON.stringify({ id }) })).json()) as { value: ProbeDetail };
    expect(detail.value.header.plan.speedDepths).toEqual([1024, 2048]);
    expect(detail.value.header.plan.minGenerationTps).toBe(0.5);
    const depths = detail.value.analysis.speedAtDepth.map((p) => p.depth);
    // The plan's depths were measured (a batch and the generated tokens above each depth, aligned up).
    for (const wanted of [1024, 2048]) expect(depths.some((d) => d >= wanted && d < wanted + 768), `${wanted} in ${depths.join(', ')}`).toBe(true);
    const shown = await page.getByTestId('speed-at-depth').allTextContents();
    expect(shown.length).toBe(depths.length);
    for (const d of depths) expect(shown.some((t) => t.includes(`${d} tokens already in the cache`))).toBe(true);
    expect(await page.getByTestId('analysis').textContent()).toContain('Speed floor (not memory): generation ≥ 0.5 tok/s');
    expect(errors).toEqual([]);
  }, 500_000);
});
