import type { StepResult } from '../../../src-shared/contract/probe';

/** One context size on the charts: speeds and memory with flash attention on and off. */
export interface ChartPoint {
  contextSize: number;
  ppOn?: number;
  ppOff?: number;
  tgOn?: number;
  tgOff?: number;
  memOn?: number;
  memOff?: number;
}

/**
 * What a step used, counted the way its budget counts: peak virtual size under an address-space limit,
 * the cgroup's peak under a cgroup, node-llama-cpp's estimate under its caps; otherwise peak RSS plus VRAM taken.
 */
export function stepMemory(step: StepResult): number | null {
  const mechanism = step.budget?.mechanism;
  if (mechanism === 'addressSpace') return step.peakVirtualBytes;
  if (mechanism === 'cgroup') return step.cgroupPeakBytes;
  if (mechanism === 'estimateCap') return step.estimate.nodeLlamaCpp ? (step.budget?.vramBytes ? step.estimate.nodeLlamaCpp.vramBytes : step.estimate.nodeLlamaCpp.ramBytes) : null;
  const vram = step.vramPeakBytes !== null && step.vramBeforeBytes !== null ? Math.max(0, step.vramPeakBytes - step.vramBeforeBytes) : 0;
  return step.peakRssBytes === null ? null : step.peakRssBytes + vram;
}

/** What {@link stepMemory} measures, in words. */
export function memoryLabel(mechanism: string | undefined): string {
  if (mechanism === 'addressSpace') return 'Peak address space of the worker (what the limit counts)';
  if (mechanism === 'cgroup') return 'Peak memory charged to the cgroup (what the kernel counts)';
  if (mechanism === 'estimateCap') return 'node-llama-cpp’s estimate (what its cap compares)';
  return 'Peak RSS of the worker, plus VRAM it took';
}

export function chartPoints(steps: StepResult[]): ChartPoint[] {
  const byContext = new Map<number, ChartPoint>();
  for (const s of steps) {
    if (s.outcome !== 'ok') continue;
    const point = byContext.get(s.contextSize) ?? { contextSize: s.contextSize };
    const suffix = s.flashAttention ? 'On' : 'Off';
    if (s.promptTokensPerSecond !== null) point[`pp${suffix}`] = s.promptTokensPerSecond;
    if (s.generationTokensPerSecond !== null) point[`tg${suffix}`] = s.generationTokensPerSecond;
    const memory = stepMemory(s);
    if (memory !== null) point[`mem${suffix}`] = memory;
    byContext.set(s.contextSize, point);
  }
  return [...byContext.values()].sort((a, b) => a.contextSize - b.contextSize);
}

/** The smallest context that failed for lack of memory, per flash attention setting. */
export function oomBoundary(steps: StepResult[], flashAttention: boolean): number | null {
  const failed = steps.filter((s) => s.flashAttention === flashAttention && (s.outcome === 'oom' || s.outcome === 'crashed')).map((s) => s.contextSize);
  return failed.length ? Math.min(...failed) : null;
}
