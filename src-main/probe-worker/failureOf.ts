import type { FailureClass, StepPhase } from '../../src-shared/contract/probe.js';

/** A step failure the worker caught itself (it lived to tell). */
export class StepFailure extends Error {
  override name = 'StepFailure';
  constructor(
    message: string,
    readonly classification: FailureClass,
    readonly phase: StepPhase,
  ) {
    super(message);
  }
}

const REFUSED = /too large for the available (V?RAM|memory)|InsufficientMemory|not enough (V?RAM|memory) (to|for)/i;

/** What an error thrown by node-llama-cpp in a phase means. */
export function failureOf(error: unknown, phase: StepPhase): StepFailure {
  if (error instanceof StepFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  // node-llama-cpp refuses by its estimate with InsufficientMemoryError, or with a plain error that says so.
  if (name === 'InsufficientMemoryError' || REFUSED.test(message)) return new StepFailure(message, 'estimate_refused', phase);
  if (phase === 'load') return new StepFailure(message, 'model_load_failed', phase);
  if (phase === 'context') return new StepFailure(message, 'context_create_failed', phase);
  return new StepFailure(message, 'evaluation_failed', phase);
}
