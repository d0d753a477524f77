import type { StepResult } from '../../contract/probe.js';
import type { RecipeSettings, SettingKey, Source } from '../../contract/recipe.js';
import { stepSettings, verifiedContext } from './stepSettings.js';

/**
 * Why the recipe's numbers do not trace to their sources (empty when they all do): every setting
 * has a source, and a `verified` one names a passing step that ran with that value (a context no
 * larger than the step's).
 */
export function traceRecipe(settings: RecipeSettings, sources: Partial<Record<SettingKey, Source>>, steps: StepResult[]): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(settings) as SettingKey[]) {
    const value = settings[key];
    if (value === undefined) continue;
    const source = sources[key];
    if (!source) {
      problems.push(`${key} = ${String(value)} has no source`);
      continue;
    }
    if (source.kind !== 'verified') continue;
    const step = steps.find((s) => s.id === source.stepId);
    if (!step) problems.push(`${key} cites step ${source.stepId}, which is not in the probe`);
    else if (step.outcome !== 'ok') problems.push(`${key} cites step ${source.stepId}, which did not pass (${step.outcome})`);
    else if (key === 'contextSize' ? settings.contextSize > verifiedContext(step) : !sameValue(stepSettings(step)[key], value)) {
      problems.push(`${key} = ${String(value)} is not what step ${step.id} ran (${String(key === 'contextSize' ? verifiedContext(step) : stepSettings(step)[key])})`);
    }
  }
  return problems;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b;
}
