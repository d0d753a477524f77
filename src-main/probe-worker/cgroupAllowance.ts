import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { StepFailure } from './failureOf.js';

/**
 * Runs `fill` with this process's cgroup v1 memory limit raised by `extraBytes`, then puts the limit back and
 * resets the cgroup's and the process's peak counters. A `copy` step's own scaffolding (the state file in a
 * memory-backed folder, llama.cpp's read buffer of one layer's rows) is not part of what a user's run needs,
 * so it must neither be killed by the budget nor counted in the step's peak. Putting the limit back makes the
 * kernel reclaim down to it; if it cannot, the memory really in use (weights, KV, compute) is above the budget:
 * that is a real out-of-memory, and is reported as one. Outside a cgroup, `fill` just runs.
 */
export async function withCgroupAllowance<T>(extraBytes: number, fill: () => Promise<T>): Promise<T> {
  const dir = ownMemoryCgroup();
  const limitFile = dir && join(dir, 'memory.limit_in_bytes');
  const limit = limitFile ? readNumber(limitFile) : null;
  if (!dir || !limitFile || limit === null || limit >= 2 ** 62) {
    const result = await fill();
    resetPeaks(null);
    return result;
  }
  const swapFile = join(dir, 'memory.memsw.limit_in_bytes');
  const swap = existsSync(swapFile) ? readNumber(swapFile) : null;
  const raised = String(limit + Math.ceil(extraBytes));
  // memsw must stay at or above the memory limit: raise it first, lower it last.
  if (swap !== null) writeFileSync(swapFile, raised);
  writeFileSync(limitFile, raised);
  let result: T;
  try {
    result = await fill();
    // The fill's own buffers (the seed read back, the write chunks) are garbage now: free them before the limit returns.
    collectGarbage();
  } finally {
    restore(limitFile, limit);
    if (swap !== null) restore(swapFile, swap);
  }
  resetPeaks(dir);
  return result;
}

/** Node exposes `gc` only behind a flag; setting it at run time and reading it from a fresh context is the documented way round. */
function collectGarbage(): void {
  try {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
  } catch {
    // Without it the garbage stays counted until V8 collects it: a peak slightly high, never low.
  }
}

function restore(file: string, limit: number): void {
  try {
    writeFileSync(file, String(limit));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EBUSY') throw error;
    throw new StepFailure(`With the cache filled, the memory in use stayed above the cgroup limit of ${limit} bytes (the kernel could not reclaim down to it).`, 'cgroup_limit_exceeded', 'fill');
  }
}

function resetPeaks(dir: string | null): void {
  try {
    if (dir) writeFileSync(join(dir, 'memory.max_usage_in_bytes'), '0');
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Older kernels: the peaks then include the fill, which only makes them larger.
  }
}

function ownMemoryCgroup(): string | null {
  try {
    const entry = /^\d+:memory:(\/.+)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'));
    return entry ? `/sys/fs/cgroup/memory${entry[1]}` : null;
  } catch {
    return null;
  }
}

function readNumber(file: string): number | null {
  try {
    const value = Number(readFileSync(file, 'utf8').trim());
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
