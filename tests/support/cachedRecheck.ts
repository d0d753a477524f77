import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { check, type Diagnostics, type Parameters } from 'recheck';

/** recheck's answer for one pattern, and whether it came from an earlier run's check. */
export interface RecheckVerdict {
  status: Diagnostics['status'];
  /** `linear` or `constant` for a safe pattern; the complexity and an attack string for a vulnerable one. */
  detail: string;
  cached: boolean;
}

const RECHECK_VERSION = (createRequire(import.meta.url)('recheck/package.json') as { version: string }).version;

/**
 * Where verdicts are kept: the user's cache folder, outside the repo and shared by every checkout and temporary
 * folder of this user (CI's second run, from another clone with its own TMPDIR, reuses the first run's). A few
 * hundred bytes per pattern, so unlike the generated models it needs no bound.
 */
export const RECHECK_CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'headroom-tests', 'recheck');

/**
 * recheck's verdict on `source`, remembered between runs. With step limits only (no wall-clock limit), the
 * verdict is a function of recheck's version, the pattern, its flags and the parameters, so a `safe` verdict is
 * kept under a key made of all four and reused; anything else is checked again every time. A fresh machine
 * checks every pattern.
 */
export async function cachedRecheck(source: string, flags: string, params: Parameters, dir = RECHECK_CACHE): Promise<RecheckVerdict> {
  const key = createHash('sha256').update(JSON.stringify([RECHECK_VERSION, source, flags, params])).digest('hex');
  const path = join(dir, `${key}.json`);
  const kept = readKept(path);
  if (kept) return { ...kept, cached: true };
  const result = await check(source, flags, params);
  const verdict = { status: result.status, detail: detailOf(result) };
  // The version, pattern and flags are written beside the verdict only for whoever reads the folder.
  if (result.status === 'safe') keep(dir, path, JSON.stringify({ recheck: RECHECK_VERSION, source, flags, ...verdict }));
  return { ...verdict, cached: false };
}

function keep(dir: string, path: string, json: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    // Written whole, then renamed: a run killed mid-write never leaves a half verdict for the next one.
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, json);
    renameSync(partial, path);
  } catch {
    // A home folder that cannot be written (a read-only HOME in a container) only costs the next run its time.
  }
}

/** A kept verdict, or null when there is none (or a file cut short). Its name is the key, so only its status needs reading. */
function readKept(path: string): Omit<RecheckVerdict, 'cached'> | null {
  try {
    const kept = JSON.parse(readFileSync(path, 'utf8')) as { status?: string; detail?: string };
    return kept.status === 'safe' ? { status: 'safe', detail: String(kept.detail) } : null;
  } catch {
    return null;
  }
}

function detailOf(result: Diagnostics): string {
  if (result.status === 'safe') return result.complexity.type;
  if (result.status === 'vulnerable') return `${result.complexity.summary}; attack ${result.attack.pattern}`;
  return `unknown: ${result.error.kind}`;
}
