import type { ProbeHeader, StepResult } from '../../contract/probe.js';
import type { Recipe, RecipeModel, RecipeSettings, SettingKey, Source } from '../../contract/recipe.js';
import { consistencyWarnings } from './consistencyWarnings.js';
import { InvalidRecipeSourceError } from './InvalidRecipeSourceError.js';
import { stepMachine, verifiedContext } from './stepSettings.js';
import { traceRecipe } from './traceRecipe.js';

/** Options of {@link buildRecipeFromSettings}. */
export interface SettingsRecipeOptions {
  model: RecipeModel;
  settings: RecipeSettings;
  sources: Partial<Record<SettingKey, Source>>;
  /** The probe the `verified` sources cite; without it no source may be `verified`. */
  probe?: { header: ProbeHeader; steps: StepResult[] };
}

/**
 * A recipe from an explicit settings record (the troubleshooter's verified fix, or values the user
 * typed), checked against its sources: a `verified` value must be what a passing step ran.
 */
export function buildRecipeFromSettings(options: SettingsRecipeOptions): Recipe {
  const { settings, sources, model, probe } = options;
  const problems = traceRecipe(settings, sources, probe?.steps ?? []);
  if (problems.length > 0) throw new InvalidRecipeSourceError(problems);
  const cited = new Set(Object.values(sources).flatMap((s) => (s?.kind === 'verified' ? [s.stepId] : [])));
  const citedSteps = (probe?.steps ?? []).filter((s) => cited.has(s.id));
  const passing = (probe?.steps ?? []).filter((s) => s.outcome === 'ok');
  const unverified = (Object.keys(settings) as SettingKey[]).filter((k) => sources[k]?.kind !== 'verified');
  return {
    basis: 'settings',
    probeId: probe?.header.id ?? null,
    model,
    machine: citedSteps[0] ? stepMachine(citedSteps[0]) : null,
    settings,
    sources,
    requestedContextSize: null,
    verifiedMaxContextSize: passing.length > 0 ? Math.max(...passing.map(verifiedContext)) : null,
    warnings: [
      ...(unverified.length > 0
        ? [{
            code: 'not_all_verified',
            message: `Not verified by a probe: ${unverified.join(', ')} (${unverified.map((k) => sources[k]!.kind).join(', ')}).`,
            hint: 'Verify the combination with a probe step before relying on it.',
          }]
        : []),
      ...consistencyWarnings(settings, model),
    ],
    suggestions: [],
  };
}
