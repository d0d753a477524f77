import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { DataDirError } from './DataDirError.js';

/**
 * The app data folder for headless use, where Electron's `userData` would be.
 * `HEADROOM_DATA_DIR` overrides it (tests use a temporary folder). It is created when possible, but a
 * read-only home does not stop the commands that only read (diagnose, hardware, recipe from an estimate):
 * whatever writes there calls {@link ensureDataDir} first.
 */
export function defaultDataDir(): string {
  const dir = process.env.HEADROOM_DATA_DIR || platformDataDir();
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    // Reported by ensureDataDir when something needs to write.
  }
  return dir;
}

/** Creates `dir` (and `sub` inside it) for writing, or throws a DataDirError that says what to do. */
export function ensureDataDir(dir: string, ...sub: string[]): string {
  const path = join(dir, ...sub);
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new DataDirError(dir, error);
  }
  return path;
}

function platformDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Headroom');
  if (process.platform === 'win32') return join(process.env.APPDATA || join(home, 'AppData', 'Roaming'), 'Headroom');
  return join(process.env.XDG_CONFIG_HOME || join(home, '.config'), 'Headroom');
}
