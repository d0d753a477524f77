import type { StepResult } from '../../src-shared/contract/probe.js';
import type { RecipeBuild, RecipeSettings, SettingKey, Source } from '../../src-shared/contract/recipe.js';
import type { TuneResult } from '../../src-shared/contract/tune.js';
import { stepSettings } from '../../src-shared/domain/recipe/stepSettings.js';
import type { HandlerContext } from '../ipc/HandlerContext.js';
import { buildRecipe } from '../report/buildRecipe.js';

/** The winner's settings as a recipe for every runtime, each value `verified` by the winner's step (null without a winner). */
export async function tuneRecipe(ctx: HandlerContext, result: TuneResult, steps: StepResult[]): Promise<RecipeBuild | null> {
  const winner = result.winner;
  const step = winner && steps.find((s) => s.id === winner.stepId);
  if (!step || !result.probeId) return null;
  const settings: RecipeSettings = stepSettings(step);
  const note = `tune ${result.id}: the fastest measured at ${result.contextSize} tokens`;
  const sources = Object.fromEntries(Object.keys(settings).map((k) => [k, { kind: 'verified', stepId: step.id, note } satisfies Source])) as Partial<Record<SettingKey, Source>>;
  const build = await buildRecipe(ctx, { from: 'settings', model: { path: result.model.path }, settings, sources, probeId: result.probeId });
  const flags = result.llamaCppFlags;
  if (flags.length === 0) return build;
  // The recipe's settings have no field for expert placement yet; the llama.cpp commands carry the measured flag.
  const rendered = build.rendered.map((r) =>
    r.runtime !== 'llama.cpp'
      ? r
      : { ...r, commands: r.commands.map((c) => (/\s-m\s/.test(c) ? `${c} ${flags.join(' ')}` : c)), notes: [...r.notes, `${flags.join(' ')}: verified by step ${step.id} (MoE experts of the first ${flags[1]} layers in host memory).`] },
  );
  return { ...build, rendered };
}
