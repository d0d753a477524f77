import type { StepResult } from '../../contract/probe.js';

/** A cancelled step says nothing about the machine: it is run again when the probe resumes. */
export const isSettled = (step: StepResult): boolean => step.outcome !== 'cancelled';

/** Failures that say nothing about memory and would repeat at every size: stop searching. */
export function isFatal(step: StepResult): boolean {
  const kind = step.failure?.classification;
  return step.outcome === 'error' && (kind === 'model_load_failed' || kind === 'invalid_config');
}
