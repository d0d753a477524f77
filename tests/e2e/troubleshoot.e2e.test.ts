import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepResult } from '../../src-shared/contract/probe';
import { launchChromium } from '../support/launchChromium';
import { RESULTS, ROOT } from '../support/paths';
import { startServe, type Served } from '../support/startServe';
import { tinyModel } from '../support/tinyModel';

// From a pasted real CUDA out-of-memory log to a before/after verification on a generated model:
// the failing settings must run out of memory under the budget, and the chosen fix must run.

const LOG = join(ROOT, 'tests', 'fixtures', 'logs', 'gpu_oom_kv_cache', 'llama-cpp-python-cuda-deepseek-v3-4xa100-kv.log');
const CONTEXT = 32768;
const FILL = 0.05;

let served: Served;
let browser: Browser;
let model: string;
beforeAll(async () => {
  // 8 layers of 256 dims: 8 KiB of KV cache per token, so a 16k context moves memory by hundreds of MiB.
  model = await tinyModel({ layers: 8, embeddingLength: 256, heads: 4, kvHeads: 4, feedForwardLength: 512, contextLength: 32768 });
  served = await startServe();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function verifyStep(body: object): Promise<StepResult> {
  const response = await fetch(`${served.origin}/api/probe:verify`, { method: 'POST', headers: { Authorization: `Bearer ${served.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const result = (await response.json()) as { ok: boolean; value: { step: StepResult }; error?: unknown };
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value.step;
}

describe('the out-of-memory troubleshooter in Chromium', () => {
  it('goes from a pasted CUDA OOM log to a verified fix on a generated model under a memory budget', { timeout: 900_000 }, async () => {
    // Calibrate the budget on this machine, through the same channel the wizard uses: the largest
    // address-space limit (to 16 MiB) under which the failing settings still fail. The fixed ones
    // need hundreds of MiB less (q8_0 KV cache, no attention-score buffer), so they fit under it.
    const common = { model: { path: model }, contextSize: CONTEXT, flashAttention: false, typeK: 'f16', typeV: 'f16', promptFill: FILL };
    const MiB = 1024 ** 2;
    const failingRunsAt = async (mib: number) => (await verifyStep({ ...common, budget: { mechanism: 'addressSpace', ramBytes: mib * MiB } })).outcome === 'ok';
    const unbudgeted = await verifyStep(common);
    expect(unbudgeted.outcome).toBe('ok');
    let hi = Math.ceil(unbudgeted.peakVirtualBytes! / MiB) + 16;
    let lo = 1200; // resolvePlan refuses address-space budgets under 1.25 GB (the worker's own start-up)
    expect(await failingRunsAt(hi)).toBe(true);
    expect(await failingRunsAt(lo), 'the failing settings must not fit the smallest budget the worker accepts').toBe(false);
    while (hi - lo > 16) {
      const mid = Math.round((lo + hi) / 2);
      if (await failingRunsAt(mid)) hi = mid;
      else lo = mid;
    }
    const budgetMiB = Math.max(1200, lo - 32);

    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Out of memory?' }).click();
    await page.getByRole('heading', { name: 'Out of memory? Step by step' }).waitFor();

    await page.getByLabel('Log', { exact: true }).fill(readFileSync(LOG, 'utf8'));
    await page.getByRole('button', { name: 'Analyze' }).click();
    const phase = page.getByTestId('phase-text');
    await phase.waitFor({ timeout: 60_000 });
    expect(await phase.textContent()).toBe('Memory ran out while creating the context: the KV cache did not fit. It asked for 204,800 MiB.');
    expect(await page.getByTestId('memory-picture').textContent()).toMatch(/KV cache204,800 MiBfrom the failed allocation/);

    await page.getByLabel('Quantize the KV cache to q8_0 (with flash attention)').check();
    const verify = page.getByTestId('verify');
    await verify.waitFor();
    await page.getByLabel('Model file', { exact: true }).fill(model);
    await page.getByLabel('Context size', { exact: true }).fill(String(CONTEXT));
    await page.getByLabel('Budget mechanism').selectOption('addressSpace');
    await page.getByLabel('RAM budget', { exact: true }).fill(String(budgetMiB));
    await page.getByLabel('Prompt fill', { exact: true }).fill(String(FILL));
    await page.getByRole('button', { name: 'Verify the fix' }).click();
    await page.getByTestId('before-after').waitFor({ timeout: 600_000 });

    const before = await page.getByTestId('before-Outcome').textContent();
    const after = await page.getByTestId('after-Outcome').textContent();
    const row = async (label: string) => [await page.getByTestId(`before-${label}`).textContent(), await page.getByTestId(`after-${label}`).textContent()];
    console.log(`Troubleshooter verify (generated llama model, 8 × 256, context ${CONTEXT}, address-space budget ${budgetMiB} MiB, 32 MiB under the smallest the failing settings run in):
  before: ${before} · KV ${(await row('KV cache buffer'))[0]} · compute ${(await row('Compute buffer'))[0]}
  after:  ${after} · KV ${(await row('KV cache buffer'))[1]} · compute ${(await row('Compute buffer'))[1]} · prompt ${(await row('Prompt speed'))[1]} · generation ${(await row('Generation speed'))[1]}`);
    expect(before).toMatch(/^oom \(address_space_limit, at (load|context)\)$/);
    expect(after).toBe('ok');
    expect(await page.getByTestId('verify-verdict').textContent()).toBe('Verified: the failing configuration now runs with the fix.');
    expect(await page.getByTestId('after-KV cache').textContent()).toBe('q8_0 / q8_0');
    mkdirSync(RESULTS, { recursive: true });
    await page.getByTestId('before-after').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'troubleshoot-verify.png') });

    await page.getByRole('button', { name: 'Export these settings as a recipe' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/export\?settings=/);
    const params = new URLSearchParams(page.url().split('?')[1]);
    const handed = JSON.parse(params.get('settings')!) as { model: { path: string }; settings: Record<string, unknown>; sources: Record<string, { kind: string }> };
    expect(handed.model.path).toBe(model);
    expect(handed.settings).toMatchObject({ contextSize: CONTEXT, flashAttention: true, typeK: 'q8_0', typeV: 'q8_0' });
    expect(Object.values(handed.sources).every((s) => s.kind === 'verified')).toBe(true);
    await expect.poll(async () => page.getByText('The settings in the link are').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
