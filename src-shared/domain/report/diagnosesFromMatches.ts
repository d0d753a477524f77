import type { StepResult } from '../../contract/probe.js';
import type { Match } from '../../knowledge/Diagnosis.js';
import { failureDiagnoses } from './failureDiagnoses.js';
import type { ReportDiagnosis } from './Report.js';

/**
 * One diagnosis per failed step: the knowledge base's best match for it (cause, evidence lines,
 * fixes with their numbers), or what the probe recorded when no entry matched.
 */
export function diagnosesFromMatches(steps: StepResult[], matchesOf: (step: StepResult) => Match[]): ReportDiagnosis[] {
  const fallback = new Map(failureDiagnoses(steps).map((d) => [d.stepId, d]));
  return steps.flatMap((step) => {
    const recorded = fallback.get(step.id);
    if (!recorded) return [];
    const best = matchesOf(step)[0];
    if (!best) return [recorded];
    return [{
      stepId: step.id,
      title: `${best.title} (at ${step.contextSize} tokens)`,
      detail: `${best.cause} ${recorded.detail}`,
      evidence: best.evidence.length > 0 ? best.evidence.map((e) => e.text) : recorded.evidence,
      fixes: best.fixes.map((f) => (f.expected ? `${f.title} (${f.expected})` : f.title)),
    }];
  });
}
