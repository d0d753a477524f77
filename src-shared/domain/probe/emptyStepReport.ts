import type { StepOutcome } from '../../contract/probe.js';
import type { WorkerStepReport } from '../../contract/worker.js';

/** A step report with nothing measured yet: the worker fills it as phases pass. */
export function emptyStepReport(outcome: StepOutcome): WorkerStepReport {
  return {
    outcome,
    actualContextSize: null,
    actualFlashAttention: null,
    actualThreads: null,
    actualBackend: null,
    actualGpuLayers: null,
    promptTokens: 0,
    generatedTokens: 0,
    promptTokensPerSecond: null,
    generationTokensPerSecond: null,
    llamaCppTimings: null,
    timeToFirstTokenMs: null,
    depth: null,
    shallowPromptTokensPerSecond: null,
    fillMs: null,
    loadTimeMs: null,
    contextCreateMs: null,
    rssBeforeBytes: null,
    rssAfterBytes: null,
    peakRssBytes: null,
    peakVirtualBytes: null,
    cgroupAnonBytes: null,
    vramBeforeBytes: null,
    vramAfterBytes: null,
    vramPeakBytes: null,
    vramTotalBytes: null,
    reported: null,
    estimate: { headroom: null, nodeLlamaCpp: null },
    failure: null,
    runtime: null,
  };
}
