import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, RESULTS } from '../support/paths';

/**
 * The Electron binary, or why there is none. The electron package downloads it at install time and
 * records it in path.txt; requiring the package without it would try to download again, so read it here.
 */
function electronBinary(): { path: string } | { reason: string } {
  const packageDir = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'no Electron binary on this machine (node_modules/electron/path.txt is missing: its download did not run or failed)' };
  const path = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(path) ? { path } : { reason: `the Electron binary is missing at ${path}` };
}

const binary = electronBinary();
const skipReason = 'reason' in binary ? binary.reason : '';

describe('the Electron window', () => {
  it.skipIf(skipReason !== '')(`probes the machine from the desktop window${skipReason ? ` — skipped: ${skipReason}` : ''}`, async () => {
    const app = await electron.launch({ executablePath: (binary as { path: string }).path, args: [join(ROOT, 'out/main/index.js')] });
    const window = await app.firstWindow();
    // Sandboxed, isolated and without Node: the page sees only the typed API.
    const exposed = await window.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      api: Object.keys((window as unknown as { headroom: { api: object } }).headroom.api),
      ipc: 'ipcRenderer' in (window as unknown as { headroom: object }).headroom,
    }));
    expect(exposed).toMatchObject({ require: 'undefined', process: 'undefined', ipc: false });
    expect(exposed.api).toContain('hardware:probe');
    await window.getByRole('button', { name: 'Probe this machine' }).click();
    await window.getByTestId('hardware-result').waitFor({ timeout: 60_000 });
    await window.screenshot({ path: join(RESULTS, 'electron-window.png') });
    await app.close();
  });
});
