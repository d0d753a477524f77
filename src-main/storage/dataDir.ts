import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/**
 * The app data folder for headless use, where Electron's `userData` would be.
 * `HEADROOM_DATA_DIR` overrides it (tests use a temporary folder).
 */
export function defaultDataDir(): string {
  const dir = process.env.HEADROOM_DATA_DIR || platformDataDir();
  mkdirSync(dir, { recursive: true });
  return dir;
}

function platformDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Headroom');
  if (process.platform === 'win32') return join(process.env.APPDATA || join(home, 'AppData', 'Roaming'), 'Headroom');
  return join(process.env.XDG_CONFIG_HOME || join(home, '.config'), 'Headroom');
}
