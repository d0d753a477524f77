import { readFileSync } from 'node:fs';

/** This process's memory as the kernel counts it: resident now, peak resident, peak virtual. */
export interface ProcessMemory {
  rssBytes: number;
  peakRssBytes: number | null;
  peakVirtualBytes: number | null;
}

export function processMemory(): ProcessMemory {
  const status = readStatus();
  const kib = (key: string) => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : null;
  };
  return {
    rssBytes: process.memoryUsage.rss(),
    // VmHWM is Linux's peak RSS; elsewhere maxRSS (KiB) is the same figure.
    peakRssBytes: kib('VmHWM') ?? process.resourceUsage().maxRSS * 1024,
    peakVirtualBytes: kib('VmPeak'),
  };
}

function readStatus(): string {
  try {
    return readFileSync('/proc/self/status', 'utf8');
  } catch {
    return '';
  }
}
