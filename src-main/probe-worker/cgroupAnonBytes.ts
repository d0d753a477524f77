import { readFileSync } from 'node:fs';

/**
 * Anonymous memory charged to this process's cgroup v1 memory group (memory.stat `total_rss`): heap,
 * weights read into memory, KV and compute buffers, but not the page cache the kernel reclaims before it
 * kills. Under a `cgroup` budget that is what runs out, so find-max aims with it. Null outside one.
 */
export function cgroupAnonBytes(): number | null {
  try {
    const entry = /^\d+:memory:(\/.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'));
    if (!entry) return null;
    const stat = readFileSync(`/sys/fs/cgroup/memory${entry[1]}/memory.stat`, 'utf8');
    const rss = /^total_rss (\d+)$/m.exec(stat);
    return rss ? Number(rss[1]) : null;
  } catch {
    return null;
  }
}
