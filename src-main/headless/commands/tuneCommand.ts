import type { TuneCandidate, TuneResult, TuneStartInput } from '../../../src-shared/contract/tune.js';
import { TuneBackendSchema, TuneEngineSchema, TunePolicySchema } from '../../../src-shared/contract/tune.js';
import { describeSettings } from '../../../src-shared/domain/tune/settingsKey.js';
import { choiceFlag, intFlag } from '../../models/cli/parseFlags.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import type { CliContext, Command, ParsedArgs } from './Command.js';

const USAGE = `tune <model.gguf | --preset NAME [--layers N]> --ctx N|max [--policy gpu-only|shrink-ctx|allow-spill] [--engine node-llama-cpp|llama.cpp]
               [--backend cpu|vulkan|cuda|metal] [--llama-cpp-bin FOLDER] [--budget-minutes M] [--generate N] [--prompt-fill 0.9] [--answer-tokens 256] [--step-timeout SECONDS] [--json]
       tune --list | --show ID`;

export const tuneCommand: Command = {
  name: 'tune',
  summary: 'Find the fastest settings that fit the context you need, each candidate measured in a fresh worker.',
  usage: USAGE,
  positionals: true,
  options: {
    preset: { type: 'string' }, layers: { type: 'string' }, ctx: { type: 'string' }, policy: { type: 'string' }, engine: { type: 'string' }, backend: { type: 'string' },
    'budget-minutes': { type: 'string' }, generate: { type: 'string' }, 'prompt-fill': { type: 'string' }, 'answer-tokens': { type: 'string' }, 'step-timeout': { type: 'string' }, 'llama-cpp-bin': { type: 'string' },
    list: { type: 'boolean' }, show: { type: 'string' },
  },
  async run(args, cli) {
    if (args.values.list) {
      const { tunes } = await callChannel(cli.handlers, 'tune:list', {});
      return { value: { tunes }, text: tunes.length ? tunes.map((t) => `${t.id}  ${t.status.padEnd(9)} ${t.model.name} at ${t.contextSize} (${t.policy})${t.winner ? `: ${describeSettings(t.winner.settings)}` : ''}`).join('\n') : 'No tunes yet.' };
    }
    if (typeof args.values.show === 'string') return output(await callChannel(cli.handlers, 'tune:get', { id: args.values.show }));
    return output(await runTune(cli, startInput(args)));
  },
};

/** Starts a tune and follows its events to the end; Ctrl-C cancels it (what was measured stays). */
async function runTune(cli: CliContext, input: TuneStartInput): Promise<TuneResult> {
  const events = cli.context.events;
  // Progress goes to stderr even with --json: stdout holds only the result.
  const say = (text: string) => process.stderr.write(`${text}\n`);
  let id: string | null = null;
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => (finished = resolve));
  const offs = [
    events.on('tune:onProgress', (e) => {
      if (e.tuneId === id) say(`[tune] step ${e.step} of ${e.total}${e.secondsLeft === null ? '' : `, ~${Math.ceil(e.secondsLeft)} s left`}: ${e.trying}`);
    }),
    events.on('tune:onCandidate', (e) => {
      if (e.tuneId === id) say(`[tune]   → ${candidateLine(e.candidate)}`);
    }),
    events.on('tune:onFinished', (e) => {
      if (e.result.id === id) finished();
    }),
  ];
  const cancel = () => {
    say('[tune] cancelling (what was measured stays)…');
    if (id) void callChannel(cli.handlers, 'tune:cancel', { id });
  };
  process.once('SIGINT', cancel);
  try {
    const started = await callChannel(cli.handlers, 'tune:start', input);
    id = started.id;
    say(`[tune] ${started.id}: ${started.model.name} at ${started.contextSize} tokens, policy ${started.policy}, ${started.engine} on ${started.backend}`);
    for (const note of started.notes) say(`[tune] ${note}`);
    if (started.status === 'running') await done;
    return await callChannel(cli.handlers, 'tune:get', { id: started.id });
  } finally {
    process.off('SIGINT', cancel);
    for (const off of offs) off();
  }
}

function startInput(args: ParsedArgs): TuneStartInput {
  const v = args.values;
  const path = args.positionals[0];
  const preset = typeof v.preset === 'string' ? v.preset : undefined;
  if (!path && !preset) throw new UsageError('Give a model: a .gguf path or --preset NAME.', `Usage: headroom ${USAGE}`);
  if (path && preset) throw new UsageError('Give either a model path or --preset, not both.', 'Drop one of them.');
  if (args.positionals.length > 1) throw new UsageError(`Unexpected extra arguments: ${args.positionals.slice(1).join(' ')}.`, 'Give one model path.');
  if (v.ctx === undefined) throw new UsageError('tune needs --ctx N (the context you need, in tokens) or --ctx max.', `Usage: headroom ${USAGE}`);
  const contextSize = v.ctx === 'max' ? 'max' : intFlag(v, 'ctx', USAGE, 256)!;
  const minutes = v['budget-minutes'] === undefined ? undefined : Number(v['budget-minutes']);
  if (minutes !== undefined && !(minutes > 0)) throw new UsageError(`--budget-minutes must be a positive number, got "${String(v['budget-minutes'])}".`, 'E.g. --budget-minutes 5.');
  const fill = v['prompt-fill'] === undefined ? undefined : Number(v['prompt-fill']);
  if (fill !== undefined && !(fill > 0 && fill <= 1)) throw new UsageError(`--prompt-fill must be in (0, 1], got "${String(v['prompt-fill'])}".`, 'E.g. --prompt-fill 0.9.');
  const timeout = intFlag(v, 'step-timeout', USAGE);
  return {
    model: preset ? { preset, ...(v.layers !== undefined && { layers: intFlag(v, 'layers', USAGE)! }) } : { path: path! },
    contextSize,
    policy: choiceFlag(v, 'policy', TunePolicySchema.options),
    engine: choiceFlag(v, 'engine', TuneEngineSchema.options),
    backend: choiceFlag(v, 'backend', TuneBackendSchema.options),
    budgetMinutes: minutes,
    generateTokens: intFlag(v, 'generate', USAGE),
    promptFill: fill,
    answerTokens: intFlag(v, 'answer-tokens', USAGE),
    stepTimeoutMs: timeout === undefined ? undefined : timeout * 1000,
    llamaCppBin: typeof v['llama-cpp-bin'] === 'string' ? v['llama-cpp-bin'] : undefined,
  };
}

function output(result: TuneResult) {
  return { value: result, text: formatTune(result) };
}

function candidateLine(c: TuneCandidate): string {
  if (c.outcome !== 'ok') return `${c.outcome}: ${c.failure?.split('\n')[0]?.slice(0, 120) ?? ''}`;
  return `ok: pp ${c.promptTokensPerSecond?.toFixed(1)} tok/s, tg ${c.generationTokensPerSecond?.toFixed(1)} tok/s, ${c.requestSeconds?.toFixed(2)} s per request`;
}

function formatTune(t: TuneResult): string {
  const n = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));
  const lines = [
    `Tune ${t.id} — ${t.status}; ${t.model.name} at ${t.contextSize} tokens, policy ${t.policy}, ${t.engine} on ${t.backend}`,
    `${'step'.padEnd(22)} ${'stage'.padEnd(14)} ${'outcome'.padEnd(8)} ${'pp tok/s'.padStart(9)} ${'tg tok/s'.padStart(9)} ${'s/request'.padStart(9)}  settings`,
    ...t.candidates.map((c) => `${c.stepId.slice(-22).padEnd(22)} ${c.stage.padEnd(14)} ${c.outcome.padEnd(8)} ${n(c.promptTokensPerSecond).padStart(9)} ${n(c.generationTokensPerSecond).padStart(9)} ${n(c.requestSeconds, 2).padStart(9)}  ${describeSettings(c.settings)}${t.winner?.stepId === c.stepId ? '  ← winner' : ''}`),
    ...t.baselines.map((b) => `Baseline ${b.name}: ${b.outcome}, pp ${n(b.promptTokensPerSecond)} tok/s, tg ${n(b.generationTokensPerSecond)} tok/s, ${n(b.requestSeconds, 2)} s per request`),
    t.winner ? `Winner: ${describeSettings(t.winner.settings)} — pp ${t.winner.promptTokensPerSecond.toFixed(1)} tok/s, tg ${t.winner.generationTokensPerSecond.toFixed(1)} tok/s (step ${t.winner.stepId}, ${t.winner.runs} run${t.winner.runs === 1 ? '' : 's'})` : 'No winner.',
    ...t.why.map((w) => `  · ${w}`),
    ...t.notes.map((w) => `Note: ${w}`),
    ...(t.recipe ? [`Recipe: headroom recipe --probe ${t.probeId} (or the Export screen); llama.cpp: ${t.recipe.rendered.find((r) => r.runtime === 'llama.cpp')?.commands[0] ?? ''}${t.llamaCppFlags.length ? ` ${t.llamaCppFlags.join(' ')}` : ''}`] : []),
  ];
  if (t.message) lines.push(`Note: ${t.message}`);
  return lines.join('\n');
}
