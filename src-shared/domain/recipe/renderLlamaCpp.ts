import type { Recipe, RenderedRecipe } from '../../contract/recipe.js';
import { parseRemoteRef } from '../whatif/parseRemoteRef.js';
import { isQuantizedKv } from './kvTypes.js';
import { shellLine } from './shellQuote.js';
import { valueLog, type ValueLog } from './valueLog.js';

// llama.cpp as bundled with node-llama-cpp 3.22.1 (llama.cpp 0.5.0, commit de3ff81): `-fa` takes a
// value, `-ngl` takes a number, `auto` or `all`, and llama-server's `-c` is the KV pool shared by
// its `-np` slots. Sources: common/arg.cpp, tools/server, tools/llama-bench of that tree.

const MiB = 1024 ** 2;
const BENCH_PROMPT = 512;
const BENCH_GEN = 128;

export function renderLlamaCpp(recipe: Recipe): RenderedRecipe {
  const s = recipe.settings;
  const log = valueLog();
  const np = s.parallel ?? 1;
  const pool = s.contextSize * np;
  const server = shellLine([
    'llama-server',
    ...modelSource(recipe.model.path),
    '-c', log.add(pool, np > 1 ? ['contextSize', 'parallel'] : ['contextSize'], np > 1 ? `KV pool = contextSize × parallel (${s.contextSize} × ${np})` : 'KV pool = contextSize (one slot)'),
    '-np', log.add(np, s.parallel === undefined ? [] : ['parallel'], s.parallel === undefined ? 'one slot (llama-server defaults to 4 slots sharing -c)' : 'server slots'),
    ...modelArgs(recipe, log),
    ...memoryMarginArgs(recipe, log),
    '--host', log.add('127.0.0.1', [], 'loopback only'),
    '--port', log.add(8080, [], 'llama-server default port'),
  ]);
  const cli = shellLine(['llama-cli', ...modelSource(recipe.model.path), '-c', log.add(s.contextSize, ['contextSize']), ...modelArgs(recipe, log)]);
  const bench = benchLine(recipe, log);
  return {
    runtime: 'llama.cpp',
    files: [],
    commands: [server, cli, bench.line],
    warnings: [...warnings(recipe), ...bench.warnings],
    notes: notes(recipe, np),
    values: log.values,
  };
}

/** Flags llama-server and llama-cli share. */
function modelArgs(recipe: Recipe, log: ValueLog): string[] {
  const s = recipe.settings;
  const args: string[] = [];
  if (s.gpuLayers !== undefined) args.push('-ngl', log.add(s.gpuLayers, ['gpuLayers']));
  if (s.flashAttention !== undefined) args.push('-fa', onOff(s.flashAttention));
  if (s.typeK !== undefined) args.push('-ctk', s.typeK);
  if (s.typeV !== undefined) args.push('-ctv', s.typeV);
  if (s.batchSize !== undefined) args.push('-b', log.add(s.batchSize, ['batchSize']));
  if (s.ubatchSize !== undefined) args.push('-ub', log.add(s.ubatchSize, ['ubatchSize']));
  if (s.threads !== undefined) args.push('-t', log.add(s.threads, ['threads']));
  return args;
}

/** `--fit` keeps a free margin only while it is choosing the layers itself. */
function memoryMarginArgs(recipe: Recipe, log: ValueLog): string[] {
  const { memoryMarginBytes, gpuLayers } = recipe.settings;
  if (memoryMarginBytes === undefined || (gpuLayers !== undefined && gpuLayers !== 'auto')) return [];
  return ['-fitt', log.add(Math.ceil(memoryMarginBytes / MiB), ['memoryMarginBytes'], 'MiB kept free per device by --fit')];
}

/** How llama.cpp opens the model: a file (`-m`), or a remote reference it downloads itself (`-hf`, `--hf-file`, `-mu`). */
function modelSource(path: string): string[] {
  const ref = parseRemoteRef(path);
  if (!ref) return ['-m', path];
  if (ref.kind === 'hfQuant') return ['-hf', `${ref.repo}:${ref.quant}`];
  if (ref.kind === 'hfFile') return ['--hf-repo', ref.repo, '--hf-file', ref.file];
  return ['-mu', ref.url];
}

function benchLine(recipe: Recipe, log: ValueLog): { line: string; warnings: string[] } {
  const s = recipe.settings;
  const warnings: string[] = [];
  const prompt = s.contextSize >= 4 * BENCH_PROMPT ? BENCH_PROMPT : Math.max(1, Math.floor(s.contextSize / 4));
  const gen = Math.min(BENCH_GEN, Math.max(1, Math.floor(s.contextSize / 8)));
  const depth = Math.max(0, s.contextSize - prompt - gen);
  const args: (string | number)[] = ['llama-bench', '-m', recipe.model.path];
  if (parseRemoteRef(recipe.model.path)) warnings.push('llama-bench reads local files only: run llama-server first (it downloads the model into LLAMA_CACHE) and give llama-bench that file.');
  args.push('-p', log.add(prompt, prompt === BENCH_PROMPT ? [] : ['contextSize'], 'prompt tokens per test'));
  args.push('-n', log.add(gen, gen === BENCH_GEN ? [] : ['contextSize'], 'generated tokens per test'));
  args.push('-d', depth > 0 ? `${log.add(0, [], 'an empty context first')},${log.add(depth, ['contextSize'], 'depth = contextSize − prompt − generated: the last test ends at the recipe context')}` : log.add(0, [], 'an empty context'));
  if (typeof s.gpuLayers === 'number') args.push('-ngl', log.add(s.gpuLayers, ['gpuLayers']));
  else if (s.gpuLayers === 'all') args.push('-ngl', log.add(999, ['gpuLayers'], 'more than the model has: every layer'));
  else if (s.gpuLayers === 'auto') warnings.push('llama-bench has no automatic offload: it offloads every layer unless -ngl says otherwise. Add the -ngl that llama-server chose.');
  if (s.flashAttention !== undefined) args.push('-fa', onOff(s.flashAttention));
  for (const [flag, type] of [['-ctk', s.typeK], ['-ctv', s.typeV]] as const) {
    if (type === 'f32') warnings.push(`llama-bench does not accept f32 for ${flag}; the bench line leaves it at f16.`);
    else if (type !== undefined) args.push(flag, type);
  }
  if (s.batchSize !== undefined) args.push('-b', log.add(s.batchSize, ['batchSize']));
  if (s.ubatchSize !== undefined) args.push('-ub', log.add(s.ubatchSize, ['ubatchSize']));
  if (s.threads !== undefined) args.push('-t', log.add(s.threads, ['threads']));
  args.push('-r', log.add(3, [], 'repetitions'), '-o', 'md');
  return { line: shellLine(args), warnings };
}

/**
 * The per-slot context llama-server will report for this recipe: the context rounded up to a
 * multiple of 256 (llama-context.cpp pads n_ctx and n_ctx_seq), capped at the training context.
 */
export function llamaServerSlotContext(recipe: Recipe): number {
  const padded = Math.ceil(recipe.settings.contextSize / 256) * 256;
  return Math.min(padded, recipe.model.trainedContext ?? padded);
}

function onOff(value: boolean | 'auto'): string {
  if (value === 'auto') return 'auto';
  return value ? 'on' : 'off';
}

function warnings(recipe: Recipe): string[] {
  const s = recipe.settings;
  const out: string[] = [];
  if (recipe.model.trainedContext !== null && s.contextSize > recipe.model.trainedContext) {
    out.push(`The context (${s.contextSize}) is larger than the model was trained for (${recipe.model.trainedContext}); llama-server caps each slot at ${recipe.model.trainedContext}.`);
  }
  if (isQuantizedKv(s.typeV) && s.flashAttention === false) {
    out.push(`A quantized V cache (${s.typeV}) needs flash attention: with -fa off llama.cpp refuses to create the context. Use -fa on (or auto).`);
  }
  return out;
}

function notes(recipe: Recipe, np: number): string[] {
  const s = recipe.settings;
  const out = [
    `llama-server's -c is the KV pool its -np slots share: without -kvu each slot gets -c ÷ -np, so -c ${s.contextSize * np} -np ${np} gives each slot ${s.contextSize} tokens. Left out, -np is auto (4 slots sharing one unified pool).`,
    `To check, the startup log prints "srv    load_model: initializing, n_slots = ${np}, n_ctx_slot = ${llamaServerSlotContext(recipe)}", and GET /props answers default_generation_settings.n_ctx = ${llamaServerSlotContext(recipe)}.`,
    s.gpuLayers === undefined || s.gpuLayers === 'auto'
      ? '--fit is on by default: it adjusts the values left unset (here the GPU layers, and MoE expert placement) to what fits in free device memory, so how many layers go to the GPU is decided when the model loads.'
      : '--fit is on by default and adjusts only values left unset: this line sets -c and -ngl, so fit keeps them as written.',
    'llama-cli is the interactive chat CLI; llama-completion (same flags) is the classic one-shot tool. llama-bench has no -c: its context is -p + -n + -d.',
    'Syntax of llama.cpp 0.5.0 (commit de3ff81, the build node-llama-cpp 3.22.1 bundles). Older builds differ: there -fa took no value and --no-mmap/--mlock existed (now --load-mode).',
  ];
  if (s.contextSize % 256 !== 0) out.push(`llama.cpp rounds the context up to a multiple of 256 (${Math.ceil(s.contextSize / 256) * 256}).`);
  if (isQuantizedKv(s.typeV) && (s.flashAttention === undefined || s.flashAttention === 'auto')) out.push(`A quantized V cache (${s.typeV}) needs flash attention; with -fa auto llama.cpp turns it on ("enabling flash_attn since it is required for quantized V cache").`);
  return out;
}
