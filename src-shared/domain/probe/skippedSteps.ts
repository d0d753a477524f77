import type { ProbePlan, StepResult } from '../../contract/probe.js';
import { costModel, predictStepMs } from './costModel.js';
import { fastFindMax, type Candidate } from './fastFindMax.js';
import { isSettled } from './stepCounts.js';

const PURPOSES: Record<Candidate['purpose'], string> = {
  calibration: 'calibration',
  memory: 'memory search',
  depth_check: 'full-depth check',
  speed: 'speed',
};

/** What the time cap made the plan skip, in words ("speed at depth 39,936 (FA on, ≈ 82 s)"). */
export function skippedSteps(plan: ProbePlan, steps: readonly StepResult[]): string[] {
  if (plan.mode !== 'findMax' || plan.search !== 'fast' || plan.budgetMs == null) return [];
  const settled = steps.filter(isSettled);
  const model = costModel(settled, plan.speedPrior ?? null);
  return fastFindMax(plan, settled).skipped.map((c) => {
    const ms = predictStepMs(model, c.config);
    const depth = c.config.contextSize - c.config.batchSize - c.config.generateTokens;
    const where = c.config.fill === 'copy' ? `at depth ${depth.toLocaleString('en-US')}` : `at ${c.config.contextSize.toLocaleString('en-US')} tokens`;
    return `${PURPOSES[c.purpose]} ${where} (FA ${c.config.flashAttention ? 'on' : 'off'}${ms === null ? '' : `, ≈ ${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`})`;
  });
}
