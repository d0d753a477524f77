import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths';
import { servedChromium } from '../support/servedChromium';
import { writeJournal } from '../support/writeJournal';

// The Logs panel of Check my setup in Chromium against `headroom serve`, reading a journal folder (a copy of a
// server's /var/log/journal): real journal files written by systemd-journal-remote, holding real Ollama service
// lines from the corpus. The folder typed in the panel is the one listed, diagnosed and watched.

const app = servedChromium();
const recorded = (path: string) => readFileSync(join(ROOT, 'tests', 'fixtures', 'logs', path), 'utf8').trimEnd().split('\n');
// An earlier run that ran out of GPU memory, a restart, then a run that truncates prompts: only the last run counts.
const OOM_RUN = recorded('gpu_oom_weights/ollama-cuda-cudamalloc-81gb-unable-to-allocate-cuda0-buffer.log');
const START = recorded('cpu_unsupported_instructions/ollama-rocm-gpu-runner-incompatible-cpu-no-avx-proxmox.log')[0]!;
const TRUNCATING = recorded('context_exceeds_limit/ollama-unknown-journald-truncating-input-prompt-limit-512.log');
const BOOT = '6a7f1d4c2b9e4f0a8c3d5e7f9a1b2c3d';
const tempDir = () => mkdtempSync(join(os.tmpdir(), 'headroom-journal-ui-'));

describe('the Logs panel with a journal folder, in Chromium', () => {
  it('lists the Ollama unit found in the typed folder, diagnoses its last run with consent, and watches it there', async () => {
    const dir = tempDir();
    const clock = { us: 1_740_100_000_000_000 };
    writeJournal(join(dir, 'remote.journal'), [...OOM_RUN, START, ...TRUNCATING.slice(0, 3)], BOOT, clock);
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${app.served.url}#/audit`);

    await page.getByLabel('Journal folder').fill(dir);
    await page.getByRole('button', { name: 'Find logs' }).click();
    const unit = page.getByTestId('log-list').locator('li[data-kind="journald"]');
    await unit.first().waitFor();
    expect(await unit.count()).toBe(1);
    expect(await unit.getByTestId('log-journal-dir').textContent()).toBe(`in ${dir}`);
    await unit.getByRole('button', { name: 'Ollama · journalctl -u ollama.service' }).click();
    expect(await page.getByLabel('Log path').inputValue()).toBe('journalctl -u ollama.service');

    const diagnoseButton = page.getByRole('button', { name: 'Diagnose the last failure' });
    expect(await diagnoseButton.isDisabled()).toBe(true);
    await page.getByLabel('Let Headroom read this log').check();
    await diagnoseButton.click();
    const result = page.getByTestId('log-diagnosis');
    await result.waitFor();
    const text = await result.textContent();
    expect(text).toContain('Ollama cut the prompt to fit its context');
    expect(text).toContain(`Read from the journal folder ${dir}.`);
    expect(text).toContain('msg="truncating input prompt" limit=512 prompt=617');
    // The earlier run's out-of-memory is before the last start: not this run's failure.
    expect(text).not.toContain('cudaMalloc');

    await page.getByRole('button', { name: 'Watch this log' }).click();
    await page.getByRole('button', { name: 'Watching journalctl -u ollama.service' }).waitFor();
    const written = performance.now();
    writeJournal(join(dir, 'remote.journal'), [TRUNCATING[3]!, TRUNCATING[4]!], BOOT, clock);
    const events = page.getByTestId('watch-events');
    await events.locator('li').first().waitFor({ timeout: 10_000 });
    console.log(`watch of a journal folder in the UI (journal-remote done → event shown over SSE): ${(performance.now() - written).toFixed(0)} ms`);
    expect(await events.locator('li').count()).toBe(1);
    expect(await events.textContent()).toContain('Ollama cut the prompt to fit its context');
    expect(await events.textContent()).toContain('prompt=529');
    expect(errors).toEqual([]);
  });

  it('a missing folder: the error and its hint in the panel, the typed folder kept; a path typed by hand is read in it too', async () => {
    const missing = join(tempDir(), 'nope');
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.served.url}#/audit`);
    const folder = page.getByLabel('Journal folder');
    await folder.fill(missing);
    await folder.press('Enter');
    const alert = page.locator('.logs-panel').getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('strong').textContent()).toBe(`No journal folder at "${missing}".`);
    expect(await alert.locator('.hint').textContent()).toContain('/var/log/journal (or /var/log/journal/<machine-id>) on the server, or a copy of it');
    expect(await alert.textContent()).toContain('code: journal_not_found');
    expect(await folder.inputValue()).toBe(missing);
    expect(await page.getByTestId('log-list').count()).toBe(0);

    await page.getByLabel('Log path').fill('journalctl -u ollama');
    await page.getByLabel('Let Headroom read this log').check();
    await page.getByRole('button', { name: 'Diagnose the last failure' }).click();
    await expect.poll(() => alert.count()).toBe(2);
    expect(await alert.nth(1).locator('strong').textContent()).toBe(`No journal folder at "${missing}".`);
    expect(await folder.inputValue()).toBe(missing);
    expect(await page.getByLabel('Log path').inputValue()).toBe('journalctl -u ollama');
  });
});
