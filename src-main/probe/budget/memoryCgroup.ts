import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../isAlive.js';
import { CgroupUnavailableError } from './CgroupUnavailableError.js';

const ROOT = '/sys/fs/cgroup/memory';
let serial = 0;

/** A cgroup v1 memory cgroup holding one worker: the kernel kills it when it uses more than the limit. */
export interface MemoryCgroup {
  readonly path: string;
  /** Moves a process in (with the memory it already holds). */
  add(pid: number): void;
  /** Peak usage (page cache of mapped files included, as the kernel counts it) and OOM kills so far. */
  usage(): { peakBytes: number | null; oomKills: number | null };
  /** Removes the cgroup; its processes must have exited. */
  remove(): void;
}

export function createMemoryCgroup(limitBytes: number, root = ROOT): MemoryCgroup {
  if (process.platform !== 'linux') throw new CgroupUnavailableError(`this is ${process.platform}, not Linux.`);
  if (!existsSync(join(root, 'memory.limit_in_bytes')))
    throw new CgroupUnavailableError(`${root} is not a cgroup v1 memory hierarchy (cgroup v2 is not supported yet).`);
  sweepOrphans(root);
  const path = join(root, `headroom-${process.pid}-${++serial}-${Date.now()}`);
  try {
    mkdirSync(path);
  } catch (error) {
    throw new CgroupUnavailableError(`cannot create ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  try {
    writeFileSync(join(path, 'memory.limit_in_bytes'), String(limitBytes));
    // Without swap accounting the limit would push the worker into swap instead of killing it.
    tryWrite(join(path, 'memory.memsw.limit_in_bytes'), String(limitBytes));
    tryWrite(join(path, 'memory.move_charge_at_immigrate'), '3');
  } catch (error) {
    rmdirSync(path);
    throw new CgroupUnavailableError(`cannot set the limit in ${path} (${String(error)}).`);
  }
  return {
    path,
    add: (pid) => writeFileSync(join(path, 'cgroup.procs'), String(pid)),
    usage: () => ({ peakBytes: readNumber(join(path, 'memory.max_usage_in_bytes')), oomKills: oomKills(path) }),
    remove: () => removeWhenEmpty(path),
  };
}

/**
 * A runner killed before its `finally` (a test timeout, a kill -9) leaves its empty cgroups behind; they live until
 * reboot. The name holds the runner's pid, so the next runner removes those of runners that are gone. A cgroup
 * that still holds a process refuses rmdir and stays.
 */
function sweepOrphans(root: string): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^headroom-(\d+)-\d+-\d+$/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    try {
      rmdirSync(join(root, name));
    } catch {
      // Not empty, or not ours to remove.
    }
  }
}

function oomKills(path: string): number | null {
  try {
    const match = /^oom_kill (\d+)$/m.exec(readFileSync(join(path, 'memory.oom_control'), 'utf8'));
    return match ? Number(match[1]) : null;
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

function tryWrite(file: string, value: string): void {
  try {
    if (existsSync(file)) writeFileSync(file, value);
  } catch {
    // Optional knobs (swap accounting, charge moving) may be off in this kernel.
  }
}

/** A killed process leaves the cgroup a moment after its exit is reported, so retry briefly. */
function removeWhenEmpty(path: string): void {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      rmdirSync(path);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** Throws a clear error when `cgroup` budgets cannot work here. */
export function checkCgroupAvailable(root = ROOT): void {
  createMemoryCgroup(1 << 30, root).remove();
}
