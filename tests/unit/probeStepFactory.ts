import type { ProbePlan, StepConfig, StepResult } from '../../src-shared/contract/probe';
import { emptyStepReport } from '../../src-shared/domain/probe/emptyStepReport';

// Builds step results for the pure plan and analysis tests: what a real worker would have recorded.

export const BASE: ProbePlan['base'] = { typeK: 'f16', typeV: 'f16', gpuLayers: 'auto', batchSize: 512, ubatchSize: 512, threads: 1, generateTokens: 16, promptFill: 0.9, backend: 'cpu', memoryCheck: 'estimate' };

export function planOf(overrides: Partial<ProbePlan> = {}): ProbePlan {
  return {
    mode: 'findMax',
    base: BASE,
    contexts: [],
    flashAttention: [true],
    kvCacheTypes: [],
    budget: null,
    minContext: 256,
    maxContext: 131072,
    granularityTokens: 256,
    granularityFraction: 0.02,
    stepTimeoutMs: 60_000,
    startHint: { on: null, off: null },
    bytesPerToken: { on: null, off: null },
    ...overrides,
  };
}

let counter = 0;

export function stepOf(config: StepConfig, fields: Partial<StepResult> = {}): StepResult {
  const ok = (fields.outcome ?? 'ok') === 'ok';
  return {
    ...config,
    id: `s${counter++}`,
    probeId: 'p',
    index: counter,
    budget: null,
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 1000,
    ...emptyStepReport('ok'),
    actualContextSize: config.contextSize,
    actualFlashAttention: config.flashAttention,
    actualThreads: config.threads,
    actualBackend: 'cpu',
    actualGpuLayers: 0,
    promptTokens: Math.floor(config.contextSize * config.promptFill),
    generatedTokens: ok ? config.generateTokens : 0,
    promptTokensPerSecond: ok ? 100 : null,
    generationTokensPerSecond: ok ? 10 : null,
    timeToFirstTokenMs: ok ? 100 : null,
    loadTimeMs: 10,
    contextCreateMs: 5,
    cgroupPeakBytes: null,
    failure: ok ? null : { message: 'failed', signal: null, exitCode: 1, stderrTail: [], classification: 'context_create_failed', phase: 'context' },
    ...fields,
  };
}
