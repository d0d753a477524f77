import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULTS } from '../support/paths';
import { servedChromium } from '../support/servedChromium';

const app = servedChromium();

describe('the hardware screen in Chromium against headroom serve', () => {
  it('probes this machine with one click and shows its CPU and RAM', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.served.url);
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByRole('button', { name: 'Probe this machine' }).click();
    await page.getByTestId('hardware-result').waitFor({ timeout: 60_000 });

    const api = (await (await fetch(`${app.served.origin}/api/hardware:probe`, { method: 'POST', headers: { Authorization: `Bearer ${app.served.token}` }, body: '{}' })).json()) as {
      value: { cpu: { model: string; cores: number }; memory: { totalBytes: number } };
    };
    expect(await page.getByTestId('cpu-model').textContent()).toBe(api.value.cpu.model);
    expect(await page.getByTestId('cpu-cores').textContent()).toBe(String(api.value.cpu.cores));
    expect(await page.getByTestId('ram-total').textContent()).toBe(`${(api.value.memory.totalBytes / 1024 ** 3).toFixed(1)} GiB`);
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'hardware-screen.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('shows a server error with its message and hint', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.served.url);
    await app.served.stop();
    await page.getByRole('button', { name: 'Probe this machine' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Cannot reach the Headroom server/);
    expect(await alert.textContent()).toMatch(/headroom serve/);
  });
});
