import type { MemoryComparison, StepResult } from '../../contract/probe.js';

/** Estimate against measurement for every step that ran. */
export function compareMemory(steps: StepResult[]): MemoryComparison[] {
  return steps.filter((s) => s.outcome === 'ok').map((s) => {
    const r = s.reported;
    const measured = r && r.modelBytes !== null && r.kvBytes !== null ? r.modelBytes + r.kvBytes + (r.computeBytes ?? 0) + (r.outputBytes ?? 0) : null;
    const vramTaken = s.vramPeakBytes !== null && s.vramBeforeBytes !== null ? Math.max(0, s.vramPeakBytes - s.vramBeforeBytes) : 0;
    const processPeak = s.cgroupPeakBytes ?? (s.peakRssBytes === null ? null : s.peakRssBytes + vramTaken);
    const total = (e: StepResult['estimate']['headroom']) => (e ? e.ramBytes + e.vramBytes : null);
    const headroom = total(s.estimate.headroom);
    const nlc = total(s.estimate.nodeLlamaCpp);
    const estimatedKv = s.estimate.headroom?.kvBytes ?? s.estimate.nodeLlamaCpp?.kvBytes ?? null;
    return {
      stepId: s.id,
      contextSize: s.contextSize,
      flashAttention: s.flashAttention,
      measuredBytes: measured,
      processPeakBytes: processPeak,
      headroomBytes: headroom,
      nodeLlamaCppBytes: nlc,
      reportedKvBytes: r?.kvBytes ?? null,
      estimatedKvBytes: estimatedKv,
      headroomError: relative(headroom, measured),
      nodeLlamaCppError: relative(nlc, measured),
      kvError: relative(estimatedKv, r?.kvBytes ?? null),
    };
  });
}

function relative(estimate: number | null, measured: number | null): number | null {
  return estimate === null || measured === null || measured === 0 ? null : (estimate - measured) / measured;
}
