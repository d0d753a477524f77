import type { StepResult } from '../../../src-shared/contract/probe';
import { stepSettings } from '../../../src-shared/domain/recipe/stepSettings';

/**
 * The Export screen's `settings` parameter for a verified fix: the settings the passing step ran
 * with, each marked verified by that step (the recipe helper's `SettingsParamSchema`).
 */
export function exportParams(after: StepResult, probeId: string, modelPath: string): Record<string, string> {
  const note = 'passed the troubleshooter\'s verification on this machine';
  const source = { kind: 'verified' as const, stepId: after.id, note };
  const { contextSize, flashAttention, typeK, typeV, batchSize, ubatchSize } = stepSettings(after);
  const settings = { contextSize, flashAttention, typeK, typeV, batchSize, ubatchSize };
  const sources = Object.fromEntries(Object.keys(settings).map((k) => [k, source]));
  const name = modelPath.split(/[\\/]/).pop()!.replace(/\.gguf$/i, '');
  return { settings: JSON.stringify({ model: { path: modelPath, name }, settings, sources, probeId }) };
}
