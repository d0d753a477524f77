import { readdirSync, readFileSync } from 'node:fs';

/** Pids of the probe worker processes (`probeWorker.js`) that are children of `pid` (Linux /proc). */
export function workersOf(pid: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return ppid === pid && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('probeWorker.js');
    } catch {
      return false;
    }
  });
}
