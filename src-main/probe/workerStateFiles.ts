import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/**
 * Where a worker writes its sequence state to fill the cache: memory-backed /dev/shm where it exists. A worker the
 * kernel kills mid-fill cannot remove them, and a file left in /dev/shm holds RAM until reboot, so the runner
 * that started it removes them by the same names after it exits.
 */
export function workerStateFiles(pid: number): { seed: string; fill: string } {
  const folder = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  return { seed: join(folder, `headroom-seed-${pid}.bin`), fill: join(folder, `headroom-fill-${pid}.bin`) };
}

/** Removes what a worker that exited may have left of {@link workerStateFiles}. */
export function removeWorkerStateFiles(pid: number): void {
  const { seed, fill } = workerStateFiles(pid);
  rmSync(seed, { force: true });
  rmSync(fill, { force: true });
}
