import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { isAlive } from '../../src-main/probe/isAlive';

/**
 * vitest global setup: every file, process and browser a test run starts writes its temporary files under one
 * folder of its own, removed when the run ends. The suite writes gigabytes of generated models; left in the
 * system's temporary folder run after run, they filled the disk and failed a CI install. The folder's name
 * holds the runner's pid, so a run that was killed before its teardown is swept by the next one. Caches that are
 * worth keeping between runs go to `testCacheDir` instead.
 */
const PREFIX = 'headroom-test-run-';

export default function setup(): () => void {
  const parent = os.tmpdir();
  sweepDeadRuns(parent);
  const folder = mkdtempSync(join(parent, `${PREFIX}${process.pid}-`));
  // os.tmpdir() reads TMPDIR on every call, here and in every process started after this point.
  process.env.TMPDIR = folder;
  process.env.HEADROOM_TEST_CACHE_ROOT = parent;
  return () => {
    process.env.TMPDIR = parent;
    rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
  };
}

function sweepDeadRuns(parent: string): void {
  for (const name of readdirSync(parent)) {
    const pid = name.startsWith(PREFIX) ? Number.parseInt(name.slice(PREFIX.length), 10) : NaN;
    if (pid && !isAlive(pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}
