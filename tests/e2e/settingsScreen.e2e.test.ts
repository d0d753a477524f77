import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servedChromium } from '../support/servedChromium';

// The Settings screen's llama.cpp folder: a folder without llama-server is refused with an error naming it; a
// complete one is kept and is what the llama.cpp engine uses (the server's environment names no other).
const app = servedChromium({ HEADROOM_LLAMA_CPP_BIN: '', PATH: '/usr/bin:/bin' });

function toolsFolder(names: string[]): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'headroom-llamacpp-ui-'));
  for (const name of names) {
    writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

describe('the Settings screen in Chromium against headroom serve', () => {
  it('refuses a llama.cpp folder without llama-server, naming it, then keeps a complete one', async () => {
    const page = await app.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.served.url);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect.poll(() => page.getByTestId('llama-cpp-in-use').textContent(), { timeout: 30_000 }).toMatch(/No llama.cpp tools found/);

    const partial = toolsFolder(['llama-bench', 'llama-fit-params']);
    await page.getByLabel('llama.cpp folder').fill(partial);
    await page.getByRole('button', { name: 'Save' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain(`${partial} has no llama-server`);

    const complete = toolsFolder(['llama-server', 'llama-bench', 'llama-fit-params']);
    await page.getByLabel('llama.cpp folder').fill(complete);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('llama-cpp-in-use').textContent(), { timeout: 30_000 }).toContain(`uses ${complete} (from settings)`);
    await page.reload();
    await expect.poll(() => page.getByLabel('llama.cpp folder').inputValue(), { timeout: 30_000 }).toBe(complete);
    expect(errors).toEqual([]);
  }, 120_000);
});
