import type { ProbeHeader, StepResult } from '../../contract/probe.js';
import type { Recipe, RecipeModel, RecipeNote, RecipeSettings, SettingKey, Source, Suggestion } from '../../contract/recipe.js';
import { bytesText } from '../report/formatQuantities.js';
import { chooseStep } from './chooseStep.js';
import { fitSuggestions } from './fitSuggestions.js';
import { NoVerifiedSettingsError } from './NoVerifiedSettingsError.js';
import { describeStep, stepMachine, stepSettings, verifiedContext } from './stepSettings.js';
import { consistencyWarnings } from './consistencyWarnings.js';

/** Options of {@link buildRecipeFromProbe}. */
export interface ProbeRecipeOptions {
  header: ProbeHeader;
  steps: StepResult[];
  /** The model as the recipe names it (the header's model, enriched with GGUF metadata where it could be read). */
  model: RecipeModel;
  /** The context the user wants. Defaults to the largest verified. */
  contextSize?: number;
  /** Changes that would make a larger context fit, from the knowledge base. Defaults to the memory-model suggestions only. */
  knowledgeSuggestions?: Suggestion[];
  /** Lines of the probe file that could not be read. Defaults to 0. */
  unreadableLines?: number;
}

/**
 * The recipe a probe supports: the settings of one passing step, every number sourced to it.
 * It never claims more context than a passing step ran; a wish for more becomes a warning and
 * suggestions. No passing step: a {@link NoVerifiedSettingsError}.
 */
export function buildRecipeFromProbe(options: ProbeRecipeOptions): Recipe {
  const { header, steps, model } = options;
  const passing = steps.filter((s) => s.outcome === 'ok');
  const chosen = chooseStep(passing, options.contextSize);
  if (!chosen) throw refusal(header, steps);
  const { step, covers } = chosen;
  const verified = stepSettings(step);
  const settings: RecipeSettings = { ...verified, contextSize: covers && options.contextSize !== undefined ? options.contextSize : verified.contextSize };
  const note = describeStep(step);
  const sources: Partial<Record<SettingKey, Source>> = {};
  for (const key of Object.keys(settings) as SettingKey[]) {
    sources[key] = { kind: 'verified', stepId: step.id, note: key === 'contextSize' && settings.contextSize < verified.contextSize ? `${note}; ${settings.contextSize} is within it` : note };
  }
  const warnings: RecipeNote[] = [];
  const wantedMore = options.contextSize !== undefined && !covers;
  let suggestions: Suggestion[] = [];
  if (wantedMore) {
    warnings.push({
      code: 'context_not_verified',
      message: `You asked for ${options.contextSize} tokens of context, but the largest that passed was ${verified.contextSize} (step ${step.id}). The recipe uses ${verified.contextSize}.`,
      hint: 'Try the suggested changes, then probe again at the context you want.',
    });
    const fromKnowledge = options.knowledgeSuggestions ?? [];
    const known = new Set(fromKnowledge.map((s) => JSON.stringify(s.change)));
    suggestions = [...fromKnowledge, ...fitSuggestions(settings, model, options.contextSize!, steps).filter((s) => !known.has(JSON.stringify(s.change)))];
  }
  warnings.push(...failureWarnings(steps, step, header), ...consistencyWarnings(settings, model));
  if (options.unreadableLines) {
    warnings.push({
      code: 'unreadable_lines',
      message: `${options.unreadableLines} line${options.unreadableLines > 1 ? 's' : ''} of the probe file could not be read and ${options.unreadableLines > 1 ? 'were' : 'was'} left out (a step cut short when the app was killed, or a damaged file).`,
      hint: 'Resume or re-run the probe if a step is missing.',
    });
  }
  return {
    basis: 'probe',
    probeId: header.id,
    model,
    machine: stepMachine(step),
    settings,
    sources,
    requestedContextSize: options.contextSize ?? null,
    verifiedMaxContextSize: Math.max(...passing.map(verifiedContext)),
    warnings,
    suggestions,
  };
}

function refusal(header: ProbeHeader, steps: StepResult[]): NoVerifiedSettingsError {
  if (steps.length === 0) {
    return new NoVerifiedSettingsError(`Probe ${header.id} has no finished step yet, so nothing is verified.`, 'Let the probe run (or resume it), then build the recipe again.');
  }
  const counts = new Map<string, number>();
  for (const s of steps) counts.set(s.outcome, (counts.get(s.outcome) ?? 0) + 1);
  const tally = [...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
  const smallest = Math.min(...steps.map((s) => s.contextSize));
  const notMemory = steps.every((s) => s.outcome === 'crashed' || s.outcome === 'error');
  const phases = [...new Set(steps.map((s) => s.failure?.phase).filter(Boolean))].join(', ');
  return new NoVerifiedSettingsError(
    `Probe ${header.id} has no passing step (${steps.length} step${steps.length > 1 ? 's' : ''}: ${tally}; the smallest context tried was ${smallest}), so no setting is verified and Headroom will not write a recipe from it.`,
    notMemory
      ? `Every step crashed or failed (during ${phases || 'the run'}), which is not about the context size: see the diagnosis of the failed steps (a driver, backend or model problem), fix that, then probe again. For an unverified starting point, use \`headroom recipe --from-estimate MODEL.gguf --ctx N\`.`
      : 'See the diagnosis of the failed steps, then probe again with a smaller context, flash attention on, a q8_0 K/V cache or fewer GPU layers. For an unverified starting point, use `headroom recipe --from-estimate MODEL.gguf --ctx N`.',
  );
}

/** What the failed steps say about the recipe: failures at or below its context get named, with their settings. */
function failureWarnings(steps: StepResult[], chosen: StepResult, header: ProbeHeader): RecipeNote[] {
  const out: RecipeNote[] = [];
  const limit = verifiedContext(chosen);
  const failed = steps.filter((s) => s.outcome !== 'ok' && s.outcome !== 'cancelled');
  for (const s of failed.filter((f) => f.contextSize <= limit)) {
    const diff = settingsDiff(s, chosen);
    const what = `${s.outcome === 'crashed' ? 'crashed' : 'failed'} at ${s.contextSize} tokens (${s.failure?.classification ?? s.outcome}${s.failure?.signal ? `, ${s.failure.signal}` : ''})`;
    out.push(
      diff === ''
        ? {
            code: 'failure_below_recipe',
            message: `Step ${s.id} ${what} with the recipe's own settings, at no more than the recipe's context: that failure is not about memory size, and the recipe may hit it too.`,
            hint: 'Read the diagnosis of that step before relying on the recipe; run the probe again to see whether it repeats.',
          }
        : {
            code: 'failure_other_settings',
            message: `Step ${s.id} ${what} with ${diff}; the recipe does not use those settings.`,
            hint: 'See the diagnosis of that step before changing those settings.',
          },
    );
  }
  const above = failed.filter((s) => s.contextSize > limit);
  if (above.length > 0) {
    const kinds = [...new Set(above.map((s) => s.failure?.classification ?? s.outcome))].join(', ');
    out.push({
      code: 'larger_failed',
      message: `${above.length} larger step${above.length > 1 ? 's' : ''} failed (${kinds}); the recipe uses only the passing step ${chosen.id}.`,
      hint: 'Keep other programs\' memory use about as it was during the probe, or leave some margin below the verified context.',
    });
  }
  if (chosen.budget !== null) {
    out.push({
      code: 'verified_under_budget',
      message: `Verified under an imposed memory budget (${chosen.budget.mechanism}${chosen.budget.ramBytes !== null ? `, RAM ${bytesText(chosen.budget.ramBytes)}` : ''}${chosen.budget.vramBytes !== null ? `, VRAM ${bytesText(chosen.budget.vramBytes)}` : ''}), a stand-in for a smaller machine.`,
      hint: 'On the machine the budget stands for, the recipe should fit; here it has more room than it needs.',
    });
  }
  if (steps.some((s) => s.outcome === 'cancelled')) {
    out.push({ code: 'probe_cancelled', message: `Probe ${header.id} was cancelled before it finished; the verified maximum may be higher.`, hint: 'Resume the probe to find the real maximum.' });
  }
  return out;
}

/** How a step's settings differ from the recipe's step, in words ("" when they are the same). */
function settingsDiff(step: StepResult, chosen: StepResult): string {
  const a = stepSettings(step);
  const b = stepSettings(chosen);
  const parts: string[] = [];
  if (a.flashAttention !== b.flashAttention) parts.push(`flash attention ${a.flashAttention ? 'on' : 'off'}`);
  if (a.typeK !== b.typeK || a.typeV !== b.typeV) parts.push(`K/V ${a.typeK}/${a.typeV}`);
  if (a.gpuLayers !== b.gpuLayers && step.outcome === 'ok') parts.push(`${String(a.gpuLayers)} GPU layers`);
  if (a.batchSize !== b.batchSize) parts.push(`batch ${a.batchSize}`);
  if (a.threads !== b.threads && step.actualThreads !== null) parts.push(`${a.threads} threads`);
  return parts.join(', ');
}
