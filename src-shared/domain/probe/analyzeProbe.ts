import type { Knee, ProbeAnalysis, ProbePlan, StepResult } from '../../contract/probe.js';
import { compareMemory } from './compareMemory.js';
import { findKnee } from './findKnee.js';
import { flashAttentionVerdicts } from './flashAttentionVerdicts.js';
import { maxContextOf } from './planNextStep.js';
import { speedAtDepth, speedFloors } from './speedAtDepth.js';

/** Everything a probe's steps say: the slowdown knees, flash attention per context, estimate vs measured. */
export function analyzeProbe(plan: ProbePlan, steps: StepResult[]): ProbeAnalysis {
  const knees: Knee[] = [];
  // Knees compare whole prompts at growing contexts; `copy` and `none` steps measure one batch at a depth instead.
  const prompts = steps.filter((s) => (s.fill ?? 'prompt') === 'prompt');
  const depths = speedAtDepth(steps);
  for (const fa of [false, true]) {
    for (const metric of ['prompt', 'generation'] as const) {
      const knee = findKnee(prompts, metric, fa);
      if (knee) knees.push(knee);
    }
  }
  const max = maxContextOf(plan, steps).flashAttention;
  const bothSearched = plan.mode === 'findMax' && plan.flashAttention.length === 2;
  return {
    speedAtDepth: depths,
    speedFloor: speedFloors(plan, depths),
    knees,
    flashAttention: flashAttentionVerdicts(prompts),
    flashAttentionMaxContextGain: bothSearched && max.on !== null && max.off !== null ? max.on - max.off : null,
    memory: compareMemory(steps),
  };
}
