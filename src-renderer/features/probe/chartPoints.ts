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

/** What a step used, as the budget would count it: the cgroup peak, else peak RSS plus VRAM taken. */
export function stepMemory(step: StepResult): number | null {
  const vram = step.vramPeakBytes !== null && step.vramBeforeBytes !== null ? Math.max(0, step.vramPeakBytes - step.vramBeforeBytes) : 0;
  return step.cgroupPeakBytes ?? (step.peakRssBytes === null ? null : step.peakRssBytes + vram);
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
