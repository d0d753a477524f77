import { existsSync } from 'node:fs';
import type { RecipeBuild, RecipeRequest, RenderedRecipe } from '../../../src-shared/contract/recipe.js';
import { ProbeIdSchema } from '../../../src-shared/contract/probe.js';
import { RuntimeSchema, type Runtime } from '../../../src-shared/contract/settings.js';
import { describeSource } from '../../../src-shared/domain/report/describeSource.js';
import { SETTING_LABELS, settingText } from '../../../src-shared/domain/report/reportSummary.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import type { Command } from './Command.js';

const USAGE = 'recipe <probe.jsonl | probe-id> [--ctx N] --runtime ollama|llama.cpp|lmstudio|vllm|node-llama-cpp [--json]\n       headroom recipe --from-estimate <model.gguf> --ctx N --runtime RUNTIME [--json]';

export const recipeCommand: Command = {
  name: 'recipe',
  summary: 'Write the settings a probe verified (or the memory model estimates) for Ollama, llama.cpp, LM Studio, vLLM or node-llama-cpp.',
  usage: USAGE,
  options: { runtime: { type: 'string' }, ctx: { type: 'string' }, 'from-estimate': { type: 'string' } },
  positionals: true,
  async run(args, cli) {
    const runtime = parseRuntime(args.values.runtime);
    const request = parseRequest(args.positionals, args.values);
    cli.progress(request.from === 'estimate' ? `Estimating ${request.modelPath} at ${request.contextSize} tokens…` : 'Reading the probe…');
    const build = await callChannel(cli.handlers, 'recipe:build', { ...request, runtimes: [runtime] });
    const rendered = build.rendered[0]!;
    return { value: recipeJson(build, rendered), text: recipeText(build, rendered) };
  },
};

function parseRuntime(value: unknown): Runtime {
  const parsed = RuntimeSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new UsageError(
    value === undefined ? 'Missing --runtime.' : `Unknown runtime "${String(value)}".`,
    `Pass --runtime with one of: ${RuntimeSchema.options.join(', ')}.`,
  );
}

function parseContext(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ctx = Number(value);
  if (!Number.isInteger(ctx) || ctx <= 0) throw new UsageError(`--ctx must be a whole number of tokens, got "${String(value)}".`, 'Pass the context size in tokens, e.g. --ctx 16384.');
  return ctx;
}

function parseRequest(positionals: string[], values: Record<string, unknown>): RecipeRequest {
  const contextSize = parseContext(values.ctx);
  const estimate = values['from-estimate'];
  if (typeof estimate === 'string') {
    if (positionals.length > 0) throw new UsageError('Give either a probe file or --from-estimate, not both.', `Usage: headroom ${USAGE}`);
    if (contextSize === undefined) throw new UsageError('--from-estimate needs --ctx.', 'Pass the context you want, e.g. --from-estimate model.gguf --ctx 16384.');
    return { from: 'estimate', modelPath: estimate, contextSize };
  }
  const [probe, ...extra] = positionals;
  if (!probe || extra.length > 0) throw new UsageError(probe ? `Unexpected argument "${extra[0]}".` : 'Missing the probe file.', `Usage: headroom ${USAGE}`);
  const isId = !existsSync(probe) && !probe.endsWith('.jsonl') && ProbeIdSchema.safeParse(probe).success;
  return isId ? { from: 'probe', probeId: probe, contextSize } : { from: 'probe', probePath: probe, contextSize };
}

/** The `--json` shape: one runtime's files and commands, with the settings and their sources. */
export function recipeJson(build: RecipeBuild, rendered: RenderedRecipe) {
  const { recipe } = build;
  return {
    runtime: rendered.runtime,
    settings: recipe.settings,
    sources: recipe.sources,
    files: rendered.files.map((f) => ({ name: f.name, content: f.content })),
    commands: rendered.commands,
    warnings: rendered.warnings,
    notes: rendered.notes,
    suggestions: recipe.suggestions,
    basis: recipe.basis,
    probeId: recipe.probeId,
    model: recipe.model,
    requestedContextSize: recipe.requestedContextSize,
    verifiedMaxContextSize: recipe.verifiedMaxContextSize,
  };
}

function recipeText(build: RecipeBuild, rendered: RenderedRecipe): string {
  const { recipe } = build;
  const basis = recipe.basis === 'probe' ? `from probe ${recipe.probeId}` : recipe.basis === 'estimate' ? 'from the memory model only (nothing was run)' : 'from the given settings';
  const keys = (Object.keys(SETTING_LABELS) as (keyof typeof SETTING_LABELS)[]).filter((k) => recipe.settings[k] !== undefined);
  const width = Math.max(...keys.map((k) => SETTING_LABELS[k].length));
  const sources = keys.map((k) => describeSource(recipe.sources[k]));
  const shared = new Set(sources).size === 1 ? sources[0] : undefined;
  return [
    `${rendered.runtime} recipe for ${recipe.model.name}, ${basis}.`,
    '',
    ...keys.map((k, i) => `  ${SETTING_LABELS[k].padEnd(width)}  ${shared ? settingText(k, recipe.settings) : `${settingText(k, recipe.settings).padEnd(8)}  ${sources[i]}`}`),
    ...(shared ? [`  (every setting ${shared})`] : []),
    '',
    ...rendered.warnings.map((w) => `WARNING: ${w}`),
    ...(recipe.suggestions.length > 0 ? ['To fit more (not verified):', ...recipe.suggestions.map((s) => `  - ${s.title}: ${s.why}`)] : []),
    ...(rendered.warnings.length + recipe.suggestions.length > 0 ? [''] : []),
    ...rendered.files.flatMap((f) => [`--- ${f.name} ---`, f.content.trimEnd(), '']),
    ...rendered.commands.map((c) => `$ ${c}`),
    '',
    ...rendered.notes.map((n) => `note: ${n}`),
  ].join('\n');
}
