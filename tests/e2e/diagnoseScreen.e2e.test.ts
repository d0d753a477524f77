import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog';
import { RESULTS, ROOT } from '../support/paths';
import { servedChromium } from '../support/servedChromium';
import { knowledgeBase } from '../unit/knowledgeFixtures';

const fixture = (file: string) => join(ROOT, 'tests', 'fixtures', 'logs', file);

// Logs that honestly mean two things: a KV cache below the model's max length (a context limit and a KV
// shortfall at once); a container without the GPU (not detected, or a driver library missing). The re-rank
// case uses the first the engine asks about.
const TWO_CAUSE_LOGS = [
  'gpu_oom_kv_cache/vllm-cuda-v0-max-seq-len-kv-blocks.log',
  'gpu_not_detected/llama-cpp-python-cuda-docker-without-gpus-all.log',
];
const questionLog = TWO_CAUSE_LOGS.find((file) => diagnoseLog(knowledgeBase(), { text: readFileSync(fixture(file), 'utf8') }).question !== null);

const app = servedChromium();

async function openDiagnose(): Promise<{ page: Page; errors: string[] }> {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(app.served.url);
  await page.getByRole('button', { name: 'Diagnose', exact: true }).first().click();
  await page.getByRole('heading', { name: 'Diagnose a log' }).waitFor();
  return { page, errors };
}

async function diagnoseText(page: Page, text: string): Promise<void> {
  await page.getByLabel('Log', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Diagnose', exact: true }).last().click();
  await page.getByTestId('diagnosis').waitFor({ timeout: 30_000 });
}

const candidateCategories = (page: Page) => page.getByTestId('candidate').evaluateAll((items) => items.map((li) => li.getAttribute('data-category')));

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

  it('reads a log pasted as a JSON string back into lines, the evidence highlighted on the same lines', async () => {
    const { page, errors } = await openDiagnose();
    const log = readFileSync(fixture('gpu_oom_kv_cache/llama.cpp-rocm-strix-halo-128k-iswa-kv.log'), 'utf8');
    await diagnoseText(page, JSON.stringify({ error: log }));
    expect(await page.getByTestId('diagnosis-category').textContent()).toBe('gpu_oom_kv_cache');
    const highlighted = await page.getByTestId('evidence-line').allTextContents();
    expect(highlighted.some((t) => t.startsWith('4') && t.includes('cudaMalloc failed: out of memory'))).toBe(true);
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

  it('offers what an unrecognised log reads like as a lead, keeping it unknown with what to paste next', async () => {
    const { page, errors } = await openDiagnose();
    // An Ollama runner that exited with status 2 and said nothing more: no known failure is named.
    await diagnoseText(page, 'time=2025-01-02 level=INFO msg="starting runner"\ntime=2025-01-02 level=ERROR msg="llama runner process has terminated: exit status 2"\n');
    expect(await page.getByTestId('diagnosis-category').textContent()).toBe('unknown');
    const text = (await page.getByTestId('diagnosis').textContent())!;
    expect(text).toMatch(/No known failure matched this log/);
    expect(text).toMatch(/It reads most like \(a lead to check, not a diagnosis\)/);
    expect(await page.getByTestId('candidate').count()).toBeGreaterThan(0);
    for (const basis of await page.getByTestId('candidate-basis').allTextContents()) expect(basis).toBe('reads like, not recognised');
    // A lead shows no percentage (it would read as a diagnosis's confidence): its one figure is in the deciding fact.
    for (const confidence of await page.getByTestId('candidate-confidence').allTextContents()) expect(confidence).toBe('a lead');
    expect(await page.getByTestId('candidate-deciding').first().textContent()).toMatch(/no known failure matched; the log's words resemble known \w+ logs \(\d+ %/);
    // The open lead has no log lines to show, so no empty "Evidence" heading either.
    const open = page.getByTestId('candidate').first();
    expect(await open.getByRole('heading', { name: 'Evidence' }).count()).toBe(0);
    expect(await page.getByTestId('next-steps').getByRole('heading').textContent()).toBe('What to paste next');
    expect(errors).toEqual([]);
  });

  it('puts an explanation outside the failure categories first, with its fixes, and the family guesses after it as leads', async () => {
    const { page, errors } = await openDiagnose();
    // A sliding-window cache miss beside speed figures: the slowness family reads it, the entry explains it.
    await diagnoseText(page, [
      'slot update_slots: id  0 | task 9 | forcing full prompt re-processing due to lack of cache data (likely due to SWA, see https://github.com/ggml-org/llama.cpp/pull/13194)',
      'slot print_timing: id  0 | task 9 | prompt eval time =   60211.02 ms / 30210 tokens (    1.99 ms per token,   501.74 tokens per second)',
      'slot print_timing: id  0 | task 9 |        eval time =   30000.00 ms /   300 tokens (  100.00 ms per token,    10.00 tokens per second)',
    ].join('\n'));
    expect(await page.getByTestId('diagnosis-category').textContent()).toBe('unknown');
    expect(await page.getByTestId('match-title').first().textContent()).toMatch(/processes the whole prompt again/);
    const text = (await page.getByTestId('diagnosis').textContent())!;
    expect(text).toMatch(/Keep a full-size sliding-window cache/);
    expect(text).toMatch(/It also reads like \(a lead to check, not a diagnosis\)/);
    expect(text).not.toMatch(/No known failure matched this log/);
    expect(await candidateCategories(page)).toContain('slow_long_context');
    expect(errors).toEqual([]);
  });

  it('shows both causes of a log that means two things, ranked, with confidence, basis, deciding fact and evidence', async () => {
    const { page, errors } = await openDiagnose();
    // A container started without the GPU: the driver is not there (no GPU), and libcuda.so.1 is missing (a
    // driver library) — two readings of the same lines.
    await diagnoseText(page, readFileSync(fixture('gpu_not_detected/llama-cpp-python-cuda-docker-without-gpus-all.log'), 'utf8'));
    expect(await candidateCategories(page)).toEqual(['gpu_not_detected', 'driver_or_toolkit_mismatch']);
    expect(await page.getByTestId('candidate-category').allTextContents()).toEqual(['GPU not detected or not used', 'Driver or toolkit mismatch']);
    const confidences = (await page.getByTestId('candidate-confidence').allTextContents()).map((t) => Number(/^(\d+) %$/.exec(t)![1]));
    expect(confidences[0]).toBeGreaterThanOrEqual(confidences[1]!);
    expect(await page.getByTestId('candidate-basis').first().textContent()).toMatch(/^by the known failure \S+$/);
    expect(await page.getByTestId('candidate-deciding').first().textContent()).toMatch(/^Deciding fact: .+/);
    // The best one is open, with its entry's fixes; the second opens on a click and the log highlights its evidence.
    const [best, second] = [page.getByTestId('candidate').nth(0), page.getByTestId('candidate').nth(1)];
    expect(await best.getByRole('button', { expanded: true }).count()).toBe(1);
    expect(await best.locator('.fix-list .fix').count()).toBeGreaterThan(0);
    expect((await best.locator('.evidence mark').allTextContents()).some((t) => t.includes('libcuda.so.1') || t.includes('NVIDIA Driver was not detected'))).toBe(true);
    await second.getByRole('button', { expanded: false }).click();
    expect(await second.getByRole('button', { expanded: true }).count()).toBe(1);
    expect(await best.locator('.fix-list').count()).toBe(0);
    expect(await page.getByTestId('evidence-line').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it.skipIf(!questionLog)(`asks the question that separates two close causes, and re-ranks them by the answer${questionLog ? '' : ' (skipped: the engine asks no separating question for any of the two-cause logs yet)'}`, async () => {
    const { page, errors } = await openDiagnose();
    await diagnoseText(page, readFileSync(fixture(questionLog!), 'utf8'));
    const before = await candidateCategories(page);
    expect(before.length).toBeGreaterThanOrEqual(2);
    const question = page.getByTestId('question');
    expect(await question.getByTestId('question-text').textContent()).toMatch(/\?$/);
    // Answer for the runner-up: it must come first afterwards, with the first still among the candidates.
    const answers = await question.getByRole('button').evaluateAll((buttons) => buttons.map((b) => ({ label: b.textContent ?? '', title: b.getAttribute('title') ?? '' })));
    const runnerUp = (await page.getByTestId('candidate-category').allTextContents())[1]!;
    const pick = answers.find((a) => a.title === `Points to: ${runnerUp}`);
    expect(pick, `an answer that points to ${runnerUp}: ${JSON.stringify(answers)}`).toBeDefined();
    await question.getByRole('button', { name: pick!.label, exact: true }).click();
    await page.getByTestId('answered').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('answered').textContent()).toContain(pick!.label);
    const after = await candidateCategories(page);
    expect(after[0]).toBe(before[1]);
    expect(after).toContain(before[0]);
    expect(await page.getByTestId('question').count()).toBe(0);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'diagnose-reranked.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  // The shipped similarity model fills the tail behind a recognised failure (this real log is from the dev split it learned from).
  it('shows a resemblance as "likely, by similarity", below the recognised failure', async () => {
    const { page, errors } = await openDiagnose();
    await diagnoseText(page, readFileSync(fixture('gpu_oom_weights/ollama-cuda-memory-layout-num-gpu.log'), 'utf8'));
    const bases = await page.getByTestId('candidate-basis').allTextContents();
    expect(bases[0]).toMatch(/^by the known failure \S+$/);
    expect(bases.slice(1)).toContain('likely, by similarity');
    expect(errors).toEqual([]);
  });

  it('says what to paste next for an unknown log, and shares it as a redacted report', async () => {
    const { page, errors } = await openDiagnose();
    await diagnoseText(page, 'loading /home/alice/models/mystery.gguf\nHF_TOKEN=hf_abcdefghijklmnopqrstuvwxyz0123\nsomething went sideways\n');
    expect(await page.getByTestId('diagnosis-category').textContent()).toBe('unknown');
    // What it reads like may be offered, as a lead, never as a diagnosis.
    for (const basis of await page.getByTestId('candidate-basis').allTextContents()) expect(basis).toBe('reads like, not recognised');
    const next = page.getByTestId('next-steps');
    expect(await next.getByRole('heading').textContent()).toBe('What to paste next');
    expect((await next.getByRole('listitem').allTextContents()).join('\n')).toMatch(/lines around the first error[\s\S]*load summary/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download redacted report' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('headroom-diagnosis-redacted.txt');
    const report = readFileSync((await file.path())!, 'utf8');
    expect(report).toMatch(/^Headroom diagnosis report/);
    expect(report).toContain('category: unknown');
    expect(report).toContain('Paste the lines around the first error');
    expect(report).toContain('loading ~/models/mystery.gguf');
    expect(report).toContain('HF_TOKEN=[redacted]');
    expect(report).not.toMatch(/alice|hf_abc/);
    expect(await page.getByTestId('report-preview').textContent()).toBe(report);
    expect(errors).toEqual([]);
  });
});
