import type { StepResult } from '../../src-shared/contract/probe.js';
import type { Match } from '../../src-shared/knowledge/Diagnosis.js';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog.js';
import { stepToEvidence } from '../../src-shared/knowledge/probeEvidence.js';
import { knowledgeBase } from '../knowledge/loadKnowledgeBase.js';

/**
 * The knowledge base's matches for one failed step: its own log, with every step of the probe as
 * evidence (what passed and what failed at which settings). Empty when the knowledge base cannot
 * be loaded: a report or a recipe is still worth having without it.
 */
export function stepMatcher(steps: StepResult[]): (step: StepResult) => Match[] {
  const evidence = steps.map(stepToEvidence);
  return (step) => {
    if (step.outcome === 'ok' || !step.failure) return [];
    try {
      return diagnoseLog(knowledgeBase(), { text: step.failure.stderrTail.join('\n'), probe: evidence, runtime: 'node-llama-cpp' }).matches;
    } catch {
      return [];
    }
  };
}
