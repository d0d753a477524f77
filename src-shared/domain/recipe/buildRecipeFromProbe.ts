import type { ProbeHeader, StepResult } from '../../contract/probe.js';
import type { Recipe, RecipeModel, RecipeNote, RecipeSettings, SettingKey, Source, Suggestion } from '../../contract/recipe.js';
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
    suggestions = [...(options.knowledgeSuggestions ?? []), ...fitSuggestions(settings, model, options.contextSize!, steps)];
  }
  warnings.push(...failureWarnings(steps, step, header), ...consistencyWarnings(settings, model));
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
  return new NoVerifiedSettingsError(
    `Probe ${header.id} has no passing step (${steps.length} step${steps.length > 1 ? 's' : ''}: ${tally}; the smallest context tried was ${smallest}), so no setting is verified and Headroom will not write a recipe from it.`,
    'See the diagnosis of the failed steps, then probe again with a smaller context, flash attention on, a q8_0 K/V cache or fewer GPU layers. For an unverified starting point, use `headroom recipe --from-estimate MODEL.gguf --ctx N`.',
  );
}

/** What the failed steps say about the recipe: failures that are not about size get named. */
function failureWarnings(steps: StepResult[], chosen: StepResult, header: ProbeHeader): RecipeNote[] {
  const out: RecipeNote[] = [];
  const failed = steps.filter((s) => s.outcome !== 'ok' && s.outcome !== 'cancelled');
  const below = failed.filter((s) => s.contextSize <= verifiedContext(chosen) && (s.outcome === 'crashed' || s.outcome === 'error'));
  for (const s of below) {
    out.push({
      code: 'failure_below_recipe',
      message: `Step ${s.id} ${s.outcome === 'crashed' ? 'crashed' : 'failed'} at ${s.contextSize} tokens (${s.failure?.classification ?? s.outcome}${s.failure?.signal ? `, ${s.failure.signal}` : ''}), no larger than the recipe's context: that failure is not about memory size, and the recipe may hit it too.`,
      hint: 'Read the diagnosis of that step before relying on the recipe; run the probe again to see whether it repeats.',
    });
  }
  const above = failed.filter((s) => !below.includes(s));
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
      message: `Verified under an imposed memory budget (${chosen.budget.mechanism}${chosen.budget.ramBytes !== null ? `, RAM ${chosen.budget.ramBytes} bytes` : ''}${chosen.budget.vramBytes !== null ? `, VRAM ${chosen.budget.vramBytes} bytes` : ''}), a stand-in for a smaller machine.`,
      hint: 'On the machine the budget stands for, the recipe should fit; here it has more room than it needs.',
    });
  }
  if (steps.some((s) => s.outcome === 'cancelled')) {
    out.push({ code: 'probe_cancelled', message: `Probe ${header.id} was cancelled before it finished; the verified maximum may be higher.`, hint: 'Resume the probe to find the real maximum.' });
  }
  return out;
}
