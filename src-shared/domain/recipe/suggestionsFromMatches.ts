import type { RecipeSettings, Suggestion } from '../../contract/recipe.js';
import type { SettingsChange } from '../../contract/settings.js';
import type { Match } from '../../knowledge/Diagnosis.js';
import type { Category } from '../../knowledge/KnowledgeEntry.js';
import { kvBytesPerElement } from './kvTypes.js';

/** Failures whose fixes free memory: the ones that can let a larger context fit. */
const MEMORY_CATEGORIES: Category[] = ['gpu_oom_weights', 'gpu_oom_kv_cache', 'gpu_oom_compute_buffer', 'host_oom'];

/**
 * The knowledge base's fixes for the failures above the recipe, as suggestions to fit more context:
 * only from memory failures, only changes that free memory relative to the recipe's settings (not
 * a smaller context, not what the recipe already has).
 */
export function suggestionsFromMatches(matches: Match[], settings: RecipeSettings): Suggestion[] {
  const out: Suggestion[] = [];
  for (const match of matches.filter((m) => MEMORY_CATEGORIES.includes(m.category))) {
    for (const fix of match.fixes) {
      const { contextSize: _contextSize, ...change } = fix.change;
      if (Object.keys(change).length === 0 || !freesMemory(change, settings)) continue;
      if (out.some((s) => JSON.stringify(s.change) === JSON.stringify(change))) continue;
      out.push({
        title: fix.title,
        why: [match.title, fix.note, fix.expected].filter(Boolean).map((t) => t!.replace(/\.$/, '')).join('. ') + '.',
        change,
        source: `knowledge-base:${match.id}`,
      });
    }
  }
  return out;
}

/** Whether every setting the change touches uses less memory than the recipe's value. */
function freesMemory(change: SettingsChange, s: RecipeSettings): boolean {
  const checks: boolean[] = [];
  if (change.flashAttention !== undefined) checks.push(change.flashAttention === true && s.flashAttention !== true);
  if (change.typeK !== undefined) checks.push(kvBytesPerElement(change.typeK) < kvBytesPerElement(s.typeK ?? 'f16'));
  if (change.typeV !== undefined) checks.push(kvBytesPerElement(change.typeV) < kvBytesPerElement(s.typeV ?? 'f16'));
  if (change.gpuLayers !== undefined) checks.push(typeof change.gpuLayers === 'number' && (s.gpuLayers === 'all' || (typeof s.gpuLayers === 'number' && change.gpuLayers < s.gpuLayers)));
  if (change.batchSize !== undefined) checks.push(change.batchSize < (s.batchSize ?? 2048));
  if (change.ubatchSize !== undefined) checks.push(change.ubatchSize < (s.ubatchSize ?? 512));
  if (change.parallel !== undefined) checks.push(change.parallel < (s.parallel ?? 1));
  if (change.threads !== undefined) checks.push(false);
  return checks.length > 0 ? checks.every(Boolean) : change.env !== undefined || change.action !== undefined;
}
