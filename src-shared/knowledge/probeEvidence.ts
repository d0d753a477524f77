import type { StepResult } from '../contract/probe.js';
import type { OomStage, ProbeEvidence } from './Diagnosis.js';

const STAGE: Partial<Record<string, OomStage>> = { load: 'load', context: 'context', prompt: 'eval', generate: 'eval' };

/** A probe step as diagnosis evidence: what it ran with, how it ended, and the log lines it left. */
export function stepToEvidence(step: StepResult): ProbeEvidence {
  const failure = step.failure;
  return {
    contextSize: step.actualContextSize ?? step.contextSize,
    flashAttention: step.actualFlashAttention ?? step.flashAttention,
    typeK: step.typeK,
    typeV: step.typeV,
    outcome: step.outcome,
    stage: failure ? (STAGE[failure.phase] ?? null) : null,
    promptTokensPerSecond: step.promptTokensPerSecond,
    generationTokensPerSecond: step.generationTokensPerSecond,
    log: failure ? [...failure.stderrTail.slice(-400), failure.message].filter(Boolean) : [],
  };
}
