import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { damagedProbeFiles, probesDir } from '../../probe/probeFiles.js';
import type { BudgetMechanism, MemoryBudget, ProbeDetail, ProbeStart, ProbeStepProgressEvent, ProbeSummary, SpeedSource, StepResult } from '../../../src-shared/contract/probe.js';
import { BudgetMechanismSchema, MemoryCheckSchema, ProbeBackendSchema } from '../../../src-shared/contract/probe.js';
import { KvCacheTypeSchema, type GpuLayers, type KvCacheType } from '../../../src-shared/contract/settings.js';
import { parseByteSize } from '../../../src-shared/domain/probe/parseByteSize.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import type { CliContext, Command, ParsedArgs } from './Command.js';

const USAGE = `probe <model.gguf | --preset NAME [--layers N]> [--find-max | --grid | --compare-fa] [--ctx 512,2048,8192] [--fa on,off]
                [--kv f16,q8_0] [--gpu-layers auto|all|N] [--threads N] [--batch N] [--generate N] [--prompt-fill 0.9] [--backend auto|cpu|cuda|vulkan|metal] [--memory-check estimate|allocate]
                [--memory-limit 3GiB] [--memory-mechanism cgroup|addressSpace|estimateCap] [--vram-limit 2GiB]
                [--min-ctx N] [--max-ctx N] [--granularity N] [--step-timeout SECONDS] [--out FILE] [--json]
                [--budget-minutes N] [--search fast|prompt] [--no-depth-check] [--speed-depths 4096,16384] [--min-generation-tps 5]
       probe --list | --show ID | --resume ID`;

export const probeCommand: Command = {
  name: 'probe',
  summary: 'Measure a model at growing contexts (find the max context, a grid, or flash attention on vs off).',
  usage: USAGE,
  positionals: true,
  options: {
    preset: { type: 'string' },
    layers: { type: 'string' },
    'find-max': { type: 'boolean' },
    grid: { type: 'boolean' },
    'compare-fa': { type: 'boolean' },
    ctx: { type: 'string' },
    fa: { type: 'string' },
    kv: { type: 'string' },
    'gpu-layers': { type: 'string' },
    threads: { type: 'string' },
    batch: { type: 'string' },
    generate: { type: 'string' },
    'prompt-fill': { type: 'string' },
    'memory-check': { type: 'string' },
    backend: { type: 'string' },
    'memory-limit': { type: 'string' },
    'memory-mechanism': { type: 'string' },
    'vram-limit': { type: 'string' },
    'min-ctx': { type: 'string' },
    'max-ctx': { type: 'string' },
    granularity: { type: 'string' },
    'step-timeout': { type: 'string' },
    'budget-minutes': { type: 'string' },
    search: { type: 'string' },
    'no-depth-check': { type: 'boolean' },
    'speed-depths': { type: 'string' },
    'min-generation-tps': { type: 'string' },
    out: { type: 'string' },
    list: { type: 'boolean' },
    show: { type: 'string' },
    resume: { type: 'string' },
  },
  async run(args, cli) {
    if (args.values.list) {
      const { probes } = await callChannel(cli.handlers, 'probe:list', {});
      // A file without a header is not in the list; say so rather than leave it out silently.
      for (const file of damagedProbeFiles(cli.context.dataDir)) process.stderr.write(`note: ${join(probesDir(cli.context.dataDir), file)} is not a readable probe (no valid header line); it is left out.\n`);
      return { value: { probes }, text: probes.length ? probes.map(summaryLine).join('\n') : 'No probes yet.' };
    }
    if (typeof args.values.show === 'string') return output(await callChannel(cli.handlers, 'probe:get', { id: args.values.show }), args);
    const resumeId = typeof args.values.resume === 'string' ? args.values.resume : null;
    return output(await runProbe(cli, resumeId ? null : startInput(args), resumeId), args);
  },
};

/** Starts (or resumes) a probe and follows its events until it ends; Ctrl-C cancels it. */
async function runProbe(cli: CliContext, input: ProbeStart | null, resumeId: string | null): Promise<ProbeDetail> {
  const events = cli.context.events;
  // Progress goes to stderr also with --json (stdout stays one document): a probe can run for many minutes.
  const say = (text: string) => void process.stderr.write(`${text}\n`);
  let id: string | null = resumeId;
  let total: number | null = null;
  let predicted = false;
  let lastPhase = '';
  let lastLine = 0;
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => (finished = resolve));
  let announced = false;
  // Before the first worker runs (the runner emits this as it launches): which probe, and how long it should take.
  const announce = (summary: ProbeSummary) => {
    if (announced) return;
    announced = true;
    id ??= summary.id;
    say(`Probe ${summary.id} (${summary.mode}) of ${summary.model.name}; saving to ${summary.file}`);
    if (summary.time?.remainingMs != null) {
      predicted = summary.time.source === 'measured';
      say(predictionLine(summary));
    } else if (summary.mode === 'findMax' && summary.status === 'running') say('No prediction for this plan; measuring as it goes…');
  };
  const offs = [
    events.on('probe:onStarted', (e) => {
      if (id === null || e.summary.id === id) announce(e.summary);
    }),
    events.on('probe:onStepStarted', (e) => {
      // The first step starts before probe:start has answered with the id; this process runs one probe.
      id ??= e.probeId;
      if (e.probeId === id) say(`${bar(e.index, total)} step ${e.index + 1}: context ${e.config.contextSize}, flash attention ${e.config.flashAttention ? 'on' : 'off'}, K/V ${e.config.typeK}/${e.config.typeV}…`);
    }),
    events.on('probe:onStepProgress', (e) => {
      if (e.probeId !== id) return;
      const now = performance.now();
      // At least every 2 s (the runner's heartbeat), at most one line a second (generated tokens come faster).
      if (e.phase === lastPhase && now - lastLine < 1000) return;
      lastPhase = e.phase;
      lastLine = now;
      say(`    ${progressLine(e)}`);
    }),
    events.on('probe:onStep', (e) => {
      if (e.probeId !== id) return;
      total = e.summary.remainingSteps === null ? null : e.summary.stepCount + e.summary.remainingSteps;
      say(`  → ${stepLine(e.step)}`);
      // Once more when this probe's own steps first replace the prior: the refined prediction.
      if (!predicted && e.summary.status === 'running' && e.summary.time?.remainingMs != null && e.summary.time.source === 'measured') {
        predicted = true;
        say(predictionLine(e.summary));
      }
    }),
    events.on('probe:onFinished', (e) => {
      if (e.summary.id === id) finished();
    }),
  ];
  const cancel = () => {
    say('Cancelling (the running step is recorded as cancelled)…');
    if (id) void callChannel(cli.handlers, 'probe:cancel', { id });
  };
  process.once('SIGINT', cancel);
  try {
    const summary = resumeId ? await callChannel(cli.handlers, 'probe:resume', { id: resumeId }) : await callChannel(cli.handlers, 'probe:start', input!);
    id = summary.id;
    total = summary.remainingSteps;
    announce(summary);
    if (summary.status === 'running') await done;
    return await callChannel(cli.handlers, 'probe:get', { id: summary.id });
  } finally {
    process.off('SIGINT', cancel);
    for (const off of offs) off();
  }
}

function startInput(args: ParsedArgs): ProbeStart {
  const v = args.values;
  const path = args.positionals[0];
  const preset = str(v.preset);
  if (!path && !preset) throw new UsageError('Give a model: a .gguf path or --preset NAME.', `Usage: headroom ${USAGE}`);
  if (path && preset) throw new UsageError('Give either a model path or --preset, not both.', 'Drop one of them.');
  if (args.positionals.length > 1) throw new UsageError(`Unexpected extra arguments: ${args.positionals.slice(1).join(' ')}.`, 'Give one model path.');
  const modes = [v['find-max'] && 'findMax', v.grid && 'grid', v['compare-fa'] && 'compareFlashAttention'].filter(Boolean) as ProbeStart['mode'][];
  if (modes.length > 1) throw new UsageError('Choose one of --find-max, --grid and --compare-fa.', 'Drop the others.');
  const contexts = list(v.ctx, '--ctx', (s) => int(s, '--ctx'));
  const mode = modes[0] ?? (contexts ? 'grid' : 'findMax');
  const kv = list(v.kv, '--kv', (s) => enumValue(KvCacheTypeSchema.options, s, '--kv') as KvCacheType);
  return {
    model: preset ? { preset, ...(v.layers !== undefined && { layers: int(str(v.layers)!, '--layers') }) } : { path: path! },
    mode,
    ...(contexts && { contexts }),
    ...(v.fa !== undefined && { flashAttention: list(v.fa, '--fa', onOff)! }),
    ...(kv && (mode === 'grid' ? { kvCacheTypes: kv } : { typeK: kv[0], typeV: kv[0] })),
    ...(v['gpu-layers'] !== undefined && { gpuLayers: gpuLayers(str(v['gpu-layers'])!) }),
    ...(v.threads !== undefined && { threads: int(str(v.threads)!, '--threads') }),
    ...(v.batch !== undefined && { batchSize: int(str(v.batch)!, '--batch') }),
    ...(v.generate !== undefined && { generateTokens: int(str(v.generate)!, '--generate') }),
    ...(v['prompt-fill'] !== undefined && { promptFill: fraction(str(v['prompt-fill'])!, '--prompt-fill') }),
    ...(v['memory-check'] !== undefined && { memoryCheck: enumValue(MemoryCheckSchema.options, str(v['memory-check'])!, '--memory-check') }),
    ...(v.backend !== undefined && { backend: enumValue(ProbeBackendSchema.options, str(v.backend)!, '--backend') }),
    ...(v['min-ctx'] !== undefined && { minContext: int(str(v['min-ctx'])!, '--min-ctx') }),
    ...(v['max-ctx'] !== undefined && { maxContext: int(str(v['max-ctx'])!, '--max-ctx') }),
    ...(v.granularity !== undefined && { granularityTokens: int(str(v.granularity)!, '--granularity') }),
    ...(v['step-timeout'] !== undefined && { stepTimeoutMs: int(str(v['step-timeout'])!, '--step-timeout') * 1000 }),
    ...(v['budget-minutes'] !== undefined && { budgetMs: Math.round(positive(str(v['budget-minutes'])!, '--budget-minutes') * 60_000) }),
    ...(v.search !== undefined && { search: enumValue(['fast', 'prompt'] as const, str(v.search)!, '--search') }),
    ...(v['no-depth-check'] && { depthCheck: false }),
    ...(v['speed-depths'] !== undefined && { speedDepths: list(v['speed-depths'], '--speed-depths', (s) => int(s, '--speed-depths')) }),
    ...(v['min-generation-tps'] !== undefined && { minGenerationTps: positive(str(v['min-generation-tps'])!, '--min-generation-tps') }),
    budget: budgetOf(args),
  };
}

function budgetOf(args: ParsedArgs): MemoryBudget | null {
  const v = args.values;
  const ram = v['memory-limit'] === undefined ? null : size(str(v['memory-limit'])!, '--memory-limit');
  const vram = v['vram-limit'] === undefined ? null : size(str(v['vram-limit'])!, '--vram-limit');
  const named = v['memory-mechanism'] === undefined ? null : (enumValue(BudgetMechanismSchema.options, str(v['memory-mechanism'])!, '--memory-mechanism') as BudgetMechanism);
  if (ram === null && vram === null) {
    if (named) throw new UsageError('--memory-mechanism needs --memory-limit (or --vram-limit).', 'Add --memory-limit 3GiB.');
    return null;
  }
  // A VRAM limit can only be imposed through node-llama-cpp's estimate; a RAM limit defaults to the real kill.
  const mechanism = named ?? (vram !== null ? 'estimateCap' : 'cgroup');
  if (vram !== null && mechanism !== 'estimateCap') throw new UsageError('--vram-limit works only with --memory-mechanism estimateCap.', 'Drop --memory-mechanism, or use --memory-limit alone.');
  return { mechanism, ramBytes: ram, vramBytes: vram };
}

function output(detail: ProbeDetail, args: ParsedArgs) {
  const value = { ...detail.summary, maxContext: detail.summary.maxContext, steps: detail.steps, analysis: detail.analysis, plan: detail.header.plan };
  const out = str(args.values.out);
  if (out) writeFileSync(out, `${JSON.stringify(value, null, 2)}\n`);
  return { value, text: formatDetail(detail) };
}

export function formatDetail(d: ProbeDetail): string {
  const s = d.summary;
  const max = s.maxContext.flashAttention;
  const header = `${'ctx'.padStart(7)}  FA   K/V        outcome   ${'pp tok/s'.padStart(9)} ${'tg tok/s'.padStart(9)} ${'llama.cpp'.padStart(9)} ${'TTFT ms'.padStart(8)} ${'peak RSS'.padStart(9)}  note`;
  const lines = [
    `Probe ${s.id} — ${s.mode}, ${s.status}; model ${s.model.name}${s.budget ? `; budget ${s.budget.mechanism} ${s.budget.ramBytes ? mib(s.budget.ramBytes) : ''}${s.budget.vramBytes ? ` VRAM ${mib(s.budget.vramBytes)}` : ''}` : ''}`,
    header,
    ...d.steps.map(tableRow),
    `(llama.cpp: generation tok/s by llama.cpp's own timer, its compute alone as llama-server and Ollama count it; tg tok/s adds node-llama-cpp's per-token round trip)`,
    `Max context: flash attention on ${max.on ?? '—'}, off ${max.off ?? '—'}${s.maxContext.verified ? ' (verified)' : s.mode === 'findMax' ? ' (not verified)' : ''}`,
    ...(['on', 'off'] as const).flatMap((k) => (s.maxContext.bounds?.[k] ? [`  FA ${k}: ${boundLine(s.maxContext.bounds[k]!)}`] : [])),
    ...speedLines(d),
    ...d.analysis.flashAttention.map((v) => `Flash attention at ${v.contextSize}: ${v.verdict.replace(/_/g, ' ')}${v.promptSpeedup ? ` (pp ×${v.promptSpeedup.toFixed(2)}, tg ×${(v.generationSpeedup ?? 0).toFixed(2)})` : ''}`),
    ...d.analysis.knees.filter((k) => k.kneeContext !== null || k.measuredKneeContext !== null).map((k) => `Slowdown knee (${k.metric}, FA ${k.flashAttention ? 'on' : 'off'}): ${k.kneeContext ?? '—'} tokens by the attention cost model, ${k.measuredKneeContext ?? '—'} measured`),
    ...(s.time ? [`Time: ${duration(s.time.elapsedMs)} in steps${s.time.atStart ? ` (predicted before start: ≈ ${duration(s.time.atStart.totalMs)}, ${sourceWords(s.time.atStart.source).split(':')[0]})` : ''}${s.time.budgetMs !== null ? ` (cap ${duration(s.time.budgetMs)})` : ''}${s.time.skipped.length ? `; skipped by the cap: ${s.time.skipped.join('; ')}` : ''}`] : []),
    `Saved in ${s.file}`,
  ];
  if (s.message) lines.push(`Note: ${s.message}`);
  return lines.join('\n');
}

function boundLine(b: NonNullable<NonNullable<ProbeSummary['maxContext']['bounds']>['on']>): string {
  const depth = b.atDepth ? 'ran with a full batch at the far end of its cache' : 'fits at allocation and a first batch (not checked at full depth)';
  switch (b.by) {
    case 'oom':
      return `bounded by memory: ${b.contextSize} ran out of memory (${b.classification?.replace(/_/g, ' ')} during ${b.phase}); the maximum ${depth}`;
    case 'not_measured':
      return `NOT bounded by memory: ${b.contextSize} could not be measured in time or failed otherwise (${b.classification?.replace(/_/g, ' ')} during ${b.phase}); the maximum is only the largest size measured to fit`;
    case 'model_limit':
      return `bounded by the largest context tried (the model's limit); it ${depth}`;
    case 'time_budget':
      return 'the time cap stopped the search: the maximum is the largest size measured so far';
    case 'none_fits':
      return `nothing fits: the smallest size failed${b.contextSize ? ` at ${b.contextSize}` : ''}`;
  }
}

function speedLines(d: ProbeDetail): string[] {
  const points = d.analysis.speedAtDepth;
  if (!points.length) return [];
  const n = (v: number | null) => (v === null ? '—' : v.toFixed(1));
  return [
    'Speed at depth (one batch evaluated with that many tokens already in the cache, then generation):',
    ...points.map((p) => `  FA ${p.flashAttention ? 'on ' : 'off'} depth ${String(p.depth).padStart(7)}: prompt ${n(p.promptTokensPerSecond).padStart(7)} tok/s, generation ${n(p.generationTokensPerSecond).padStart(6)} tok/s`),
    ...d.analysis.speedFloor.map((f) => `Speed floor (generation ≥ ${f.minGenerationTps} tok/s, not a memory limit), FA ${f.flashAttention ? 'on' : 'off'}: largest measured context ${f.maxContext ?? 'none'}${f.firstBelow !== null ? `, first below at ${f.firstBelow}` : ''}`),
  ];
}

function tableRow(step: StepResult): string {
  const n = (v: number | null, d = 0) => (v === null ? '—' : v.toFixed(d));
  const note = step.failure ? `${step.failure.classification}${step.failure.signal ? ` (${step.failure.signal})` : ''}: ${step.failure.message.slice(0, 80)}` : '';
  const fill = step.fill && step.fill !== 'prompt' ? ` ${step.fill === 'none' ? 'alloc' : `d=${step.depth ?? '?'}`}` : '';
  return `${String(step.contextSize).padStart(7)}  ${step.flashAttention ? 'on ' : 'off'}  ${`${step.typeK}/${step.typeV}`.padEnd(10)} ${step.outcome.padEnd(9)} ${n(step.promptTokensPerSecond, 1).padStart(9)} ${n(step.generationTokensPerSecond, 1).padStart(9)} ${n(step.llamaCppTimings?.generationTokensPerSecond ?? null, 1).padStart(9)} ${n(step.timeToFirstTokenMs).padStart(8)} ${(step.peakRssBytes ? mib(step.peakRssBytes) : '—').padStart(9)}  ${(step.durationMs / 1000).toFixed(0)} s${fill} ${note}`;
}

function stepLine(step: StepResult): string {
  if (step.outcome === 'ok') return `ok: pp ${step.promptTokensPerSecond?.toFixed(1)} tok/s, tg ${step.generationTokensPerSecond?.toFixed(1) ?? '—'} tok/s (llama.cpp's timer ${step.llamaCppTimings?.generationTokensPerSecond?.toFixed(1) ?? '—'}), peak RSS ${step.peakRssBytes ? mib(step.peakRssBytes) : '—'}`;
  return `${step.outcome} (${step.failure?.classification}${step.failure?.signal ? `, ${step.failure.signal}` : ''}): ${step.failure?.message.split('\n')[0]?.slice(0, 120)}`;
}

/** "≈ 9 min on this machine; memory only ≈ 40 s (from …)": before the first step, and once refined by it. */
function predictionLine(s: ProbeSummary): string {
  const t = s.time!;
  const cap = t.budgetMs !== null ? `; capped at ${duration(t.budgetMs)}${t.remainingMs! + t.elapsedMs > t.budgetMs ? ' (some steps will be skipped)' : ''}` : '';
  const when = t.source === 'measured' ? 'Refined by this probe\'s steps' : 'Predicted before start';
  return `${when}: ≈ ${duration(t.remainingMs!)}${t.elapsedMs ? ' more' : ''} on this machine; memory only ≈ ${duration(t.memoryRemainingMs ?? 0)}${cap} (${sourceWords(t.source ?? null)}).`;
}

/** Where a prediction comes from, in words. */
export function sourceWords(source: SpeedSource | null): string {
  if (source === 'measured') return 'from the speed this probe measured';
  if (source === 'machine_record') return 'from this machine\'s speed record of earlier probes';
  if (source === 'rough_prior') return 'rough prior: no speed record on this machine yet, a conservative CPU assumed; refined after the first step';
  return 'no prediction';
}

function progressLine(e: ProbeStepProgressEvent): string {
  const tokens = e.tokensDone !== null && e.tokensTotal !== null ? ` ${e.tokensDone}/${e.tokensTotal} tokens` : '';
  const rate = e.tokensPerSecond !== null && e.tokensDone ? `, ${e.tokensPerSecond.toFixed(1)} tok/s` : '';
  const left = e.remainingMs !== null ? `, ≈ ${duration(e.remainingMs)} left by the prediction` : '';
  return `step ${e.index + 1}: ${e.phase}${tokens}${rate}, ${duration(e.elapsedMs)} elapsed${left} (timeout ${duration(e.timeoutMs)})`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${(s / 60).toFixed(1)} min`;
}

function summaryLine(s: ProbeSummary): string {
  const max = s.maxContext.flashAttention;
  return `${s.id}  ${s.status.padEnd(11)} ${s.mode.padEnd(21)} ${String(s.stepCount).padStart(3)} steps  max on ${max.on ?? '—'} / off ${max.off ?? '—'}  ${s.model.name}`;
}

function bar(done: number, total: number | null): string {
  if (total === null || total === 0) return `[${done + 1}]`;
  const width = 20;
  const filled = Math.round((width * done) / total);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done + 1}/${total}`;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function int(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number, got "${text}".`, `Example: ${flag} 2048`);
  return n;
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got "${text}".`, `Example: ${flag} 10`);
  return n;
}

function fraction(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new UsageError(`${flag} must be a fraction above 0 and at most 1, got "${text}".`, `Example: ${flag} 0.9`);
  return n;
}

function size(text: string, flag: string): number {
  const bytes = parseByteSize(text);
  if (bytes === null) throw new UsageError(`${flag} must be a size like 3GiB, 2500MB or 1.5G; got "${text}".`, `Example: ${flag} 3GiB`);
  return bytes;
}

function list<T>(value: unknown, flag: string, parse: (s: string) => T): T[] | undefined {
  if (value === undefined) return undefined;
  const parts = String(value).split(',').map((s) => s.trim()).filter(Boolean);
  if (!parts.length) throw new UsageError(`${flag} needs at least one value.`, `Example: ${flag} ${flag === '--fa' ? 'on,off' : '512,2048'}`);
  return parts.map(parse);
}

function onOff(text: string): boolean {
  if (/^(on|true|1|yes)$/i.test(text)) return true;
  if (/^(off|false|0|no)$/i.test(text)) return false;
  throw new UsageError(`--fa takes on and/or off, got "${text}".`, 'Example: --fa on,off');
}

function enumValue<T extends string>(options: readonly T[], text: string, flag: string): T {
  if (!(options as readonly string[]).includes(text)) throw new UsageError(`${flag} must be one of ${options.join(', ')}; got "${text}".`, `Example: ${flag} ${options[0]}`);
  return text as T;
}

function gpuLayers(text: string): GpuLayers {
  if (text === 'auto' || text === 'all') return text;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--gpu-layers must be auto, all or a number of layers; got "${text}".`, 'Example: --gpu-layers all');
  return n;
}
