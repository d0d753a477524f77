import type { ProbeHeader, StepResult } from '../../src-shared/contract/probe';
import { emptyStepReport } from '../../src-shared/domain/probe/emptyStepReport';

// Schema-shaped probe records for pure tests of the recipe builder (property tests and edge cases).
// They are inputs to pure functions, not measurements: real probe files live in tests/fixtures/probes.

export function makeStep(overrides: Partial<StepResult> & Pick<StepResult, 'id' | 'contextSize' | 'outcome'>): StepResult {
  const ok = overrides.outcome === 'ok';
  return {
    flashAttention: false,
    typeK: 'f16',
    typeV: 'f16',
    gpuLayers: 0,
    batchSize: 512,
    ubatchSize: 512,
    threads: 2,
    generateTokens: 16,
    promptFill: 0.9,
    backend: 'cpu',
    memoryCheck: 'estimate',
    probeId: 'p-test',
    index: 0,
    budget: null,
    startedAt: '2026-11-26T00:00:00.000Z',
    durationMs: 1000,
    ...emptyStepReport(overrides.outcome),
    actualBackend: ok ? 'cpu' : null,
    actualGpuLayers: ok ? 0 : null,
    cgroupPeakBytes: null,
    failure: ok
      ? null
      : { message: `step ${overrides.outcome}`, signal: overrides.outcome === 'crashed' ? 'SIGSEGV' : null, exitCode: null, stderrTail: [], classification: overrides.outcome === 'crashed' ? 'segfault' : 'address_space_limit', phase: 'context' },
    ...overrides,
  };
}

export function makeHeader(id = 'p-test', trainContextSize: number | null = 8192): ProbeHeader {
  return {
    type: 'header',
    formatVersion: 1,
    id,
    createdAt: '2026-11-26T00:00:00.000Z',
    model: { path: '/tmp/m.gguf', name: 'm', sizeBytes: 1000, preset: null, trainContextSize },
    plan: {
      mode: 'findMax',
      base: { typeK: 'f16', typeV: 'f16', gpuLayers: 0, batchSize: 512, ubatchSize: 512, threads: 2, generateTokens: 16, promptFill: 0.9, backend: 'cpu', memoryCheck: 'estimate' },
      contexts: [],
      flashAttention: [false, true],
      kvCacheTypes: ['f16'],
      budget: null,
      minContext: 256,
      maxContext: 8192,
      granularityTokens: 256,
      granularityFraction: 0.02,
      stepTimeoutMs: 600000,
      startHint: { on: null, off: null },
      bytesPerToken: { on: null, off: null },
    },
  };
}
