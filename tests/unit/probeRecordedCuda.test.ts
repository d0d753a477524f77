import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProbePlanSchema, StepResultSchema } from '../../src-shared/contract/probe';
import { maxContextOf, planNextStep } from '../../src-shared/domain/probe/planNextStep';
import { ROOT } from '../support/paths';

// A real find-max on an NVIDIA H200 (`headroom probe --find-max --memory-check allocate --backend cuda
// --gpu-layers all --json`, another process holding all but 12 GiB): every failure is llama.cpp's own
// cudaMalloc / CUDA pool failure. See tests/fixtures/probes/README.md.
const recorded = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'probes', 'findmax-cuda-h200-allocate.json'), 'utf8')) as { plan: unknown; steps: unknown[] };
const plan = ProbePlanSchema.parse(recorded.plan);
const steps = recorded.steps.map((s) => StepResultSchema.parse(s));

describe('the find-max recorded on an H200', () => {
  it('the plan, fed the recorded results, asks for exactly the sizes the run took, and then stops', () => {
    for (let i = 0; i < steps.length; i++) {
      const next = planNextStep(plan, steps.slice(0, i));
      expect(next && { contextSize: next.contextSize, flashAttention: next.flashAttention }, `step ${i + 1}`).toEqual({ contextSize: steps[i]!.contextSize, flashAttention: steps[i]!.flashAttention });
    }
    expect(planNextStep(plan, steps)).toBeNull();
  });

  it('found the real VRAM boundary: 9,984 tokens with flash attention on, 8,448 off, each verified by the next size failing', () => {
    expect(maxContextOf(plan, steps)).toMatchObject({ flashAttention: { on: 9984, off: 8448 }, verified: true });
    const failed = steps.filter((s) => s.outcome !== 'ok');
    expect(failed.map((s) => [s.contextSize, s.flashAttention, s.outcome, s.failure?.classification])).toEqual([
      [10240, true, 'oom', 'vram_alloc_failed'],
      [9984, false, 'oom', 'vram_alloc_failed'],
      [8704, false, 'oom', 'vram_alloc_failed'],
    ]);
    // 8,704 without flash attention created its context, then the CUDA pool could not grow mid-prompt: ggml aborted.
    expect(failed[2]!.failure).toMatchObject({ signal: 'SIGABRT', phase: 'prompt' });
    expect(steps.filter((s) => s.outcome === 'ok').every((s) => s.vramPeakBytes! <= s.vramTotalBytes!)).toBe(true);
  });
});
