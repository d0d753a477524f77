import type { RecipeSettings, SettingKey } from '../../contract/recipe.js';
import type { Report } from './Report.js';
import { bytesText } from './formatQuantities.js';

/** The settings in the order and words both renderers use. */
export const SETTING_LABELS: Record<SettingKey, string> = {
  contextSize: 'Context size (tokens per sequence)',
  flashAttention: 'Flash attention',
  typeK: 'K cache type',
  typeV: 'V cache type',
  gpuLayers: 'GPU layers',
  batchSize: 'Batch size',
  ubatchSize: 'Micro-batch size',
  threads: 'Threads',
  parallel: 'Parallel sequences',
  memoryMarginBytes: 'Memory margin',
};

export function settingText(key: SettingKey, settings: RecipeSettings): string {
  const value = settings[key];
  if (value === undefined) return '–';
  if (key === 'flashAttention') return value === 'auto' ? 'auto' : value ? 'on' : 'off';
  if (key === 'memoryMarginBytes') return bytesText(value as number);
  return String(value);
}

/** The one-paragraph answer at the top of the report. */
export function verdictLines(report: Report): string[] {
  const { flashAttentionOn: on, flashAttentionOff: off } = report.maxContext;
  const lines: string[] = [];
  if (!on && !off) lines.push(`No step of probe ${report.probe.id} passed: nothing is verified on this machine.`);
  if (on) lines.push(`Largest context that ran with flash attention on: ${on.contextSize} tokens (step ${on.stepId}).`);
  if (off) lines.push(`Largest context that ran with flash attention off: ${off.contextSize} tokens (step ${off.stepId}).`);
  const failed = report.probe.steps.filter((s) => s.outcome !== 'ok').length;
  lines.push(`${report.probe.steps.length} step${report.probe.steps.length === 1 ? '' : 's'} ran; ${failed} failed.`);
  if (report.recipe) {
    const s = report.recipe.settings;
    lines.push(`Recipe: ${s.contextSize} tokens, flash attention ${settingText('flashAttention', s)}, K/V ${s.typeK ?? 'default'}/${s.typeV ?? 'default'}, GPU layers ${s.gpuLayers ?? 'default'}.`);
  } else if (report.recipeRefusal) {
    lines.push(`No recipe: ${report.recipeRefusal.message}`);
  }
  return lines;
}
