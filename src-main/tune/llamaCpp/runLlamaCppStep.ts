import type { StepResult } from '../../../src-shared/contract/probe.js';
import type { TuneBackend, TuneBinary, TuneSettings } from '../../../src-shared/contract/tune.js';
import { emptyStepReport } from '../../../src-shared/domain/probe/emptyStepReport.js';
import { parseBufferSizes } from '../../../src-shared/domain/probe/parseBufferSizes.js';
import { classifyLlamaCppExit, parseBenchJson, parseVersion } from '../../../src-shared/domain/tune/llamaCppOutput.js';
import type { LlamaCppBin } from './findLlamaCppBin.js';
import { runTool, type ToolRun } from './runTool.js';

/** Options of {@link runLlamaCppStep}. */
export interface LlamaCppStepOptions {
  bin: LlamaCppBin;
  env: Record<string, string>;
  modelPath: string;
  settings: TuneSettings;
  backend: TuneBackend;
  generateTokens: number;
  promptFill: number;
  identity: { id: string; probeId: string; index: number };
  timeoutMs: number;
  signal: AbortSignal;
}

const versions = new Map<string, Promise<TuneBinary>>();

/** The binary's version and build, asked once per path. */
export function llamaCppBinary(bin: LlamaCppBin, env: Record<string, string>): Promise<TuneBinary> {
  let known = versions.get(bin.bench);
  if (!known) {
    known = runTool(bin.bench, ['--version'], { env, timeoutMs: 30_000 }).then((run) => {
      const v = parseVersion(`${run.stdout}\n${run.stderrTail.join('\n')}`);
      return { path: bin.bench, version: v.version, buildFlags: v.builtWith ? [`built with ${v.builtWith}`] : [] };
    });
    versions.set(bin.bench, known);
  }
  return known;
}

/** llama.cpp's buffer lines: `load_tensors: Vulkan0 model buffer size = 120.00 MiB`, `… CPU KV buffer size = …`. */
const BUFFER_LINE = /buffer size =/;

/**
 * The device llama-bench runs on. Without GPU layers, `none`: a GPU build would otherwise still send large
 * prompt batches to its device (op offload), and the CPU would not be measured alone. With GPU layers on
 * Vulkan, the first Vulkan device (GGML_VK_VISIBLE_DEVICES chooses which one that is); other backends keep
 * llama.cpp's own choice.
 */
export function benchDevice(backend: TuneBackend, gpuLayers: number): string {
  if (backend === 'cpu' || gpuLayers === 0) return 'none';
  return backend === 'vulkan' ? 'Vulkan0' : 'auto';
}

function reportedBuffers(run: ToolRun): StepResult['reported'] {
  const buffers = parseBufferSizes(run.kept);
  return buffers.byDevice.length ? buffers : null;
}

/**
 * One candidate measured by the user's llama-bench, as a probe step: the prompt (filling `promptFill`
 * of the context, from empty) in one run, then generation at the context's far end (`-d ctx − n`, so
 * the KV cache holds the whole context) in a second. Either run's crash, OOM or refusal is the result.
 */
export async function runLlamaCppStep(o: LlamaCppStepOptions): Promise<{ step: StepResult; binary: TuneBinary }> {
  const s = o.settings;
  const startedAt = new Date();
  const binary = await llamaCppBinary(o.bin, o.env);
  const gpuLayers = o.backend === 'cpu' ? 0 : s.gpuLayers;
  // -v prints llama.cpp's buffer lines (where each buffer went, and its size); -dev picks the device (see benchDevice).
  const common = ['-m', o.modelPath, '-r', '1', '-o', 'json', '-v', '-t', String(s.threads), '-b', String(s.batchSize), '-ub', String(s.ubatchSize), '-fa', s.flashAttention ? 'on' : 'off',
    '-ctk', s.typeK, '-ctv', s.typeV, '-ngl', String(gpuLayers), '-dev', benchDevice(o.backend, gpuLayers), ...(s.nCpuMoe !== null ? ['-ncmoe', String(s.nCpuMoe)] : [])];
  const promptTokens = Math.max(1, Math.floor(s.contextSize * o.promptFill));
  const runs: ToolRun[] = [];
  const tool = async (args: string[]) => {
    const run = await runTool(o.bin.bench, [...common, ...args], { env: o.env, timeoutMs: o.timeoutMs, signal: o.signal, keep: BUFFER_LINE });
    runs.push(run);
    return run;
  };
  const pp = await tool(['-p', String(promptTokens), '-n', '0']);
  const ppRow = parseBenchJson(pp.stdout).find((r) => r.nPrompt > 0);
  const tg = ppRow && pp.code === 0 ? await tool(['-p', '0', '-n', String(o.generateTokens), '-d', String(Math.max(0, s.contextSize - o.generateTokens))]) : null;
  const tgRow = tg ? parseBenchJson(tg.stdout).find((r) => r.nGen > 0) : undefined;
  const failed = runs.find((r) => r.code !== 0 || r.signal !== null || r.timedOut || r.aborted);
  // The generation run holds the whole context (depth + generated tokens): its buffers are the step's.
  const report = { ...emptyStepReport('ok'), reported: reportedBuffers(runs.at(-1)!) };
  const base = {
    contextSize: s.contextSize, flashAttention: s.flashAttention, typeK: s.typeK, typeV: s.typeV, gpuLayers: s.gpuLayers, batchSize: s.batchSize, ubatchSize: s.ubatchSize, threads: s.threads,
    generateTokens: o.generateTokens, promptFill: o.promptFill, backend: o.backend, memoryCheck: 'allocate' as const,
    ...o.identity, budget: null, startedAt: startedAt.toISOString(), durationMs: runs.reduce((a, r) => a + r.durationMs, 0), cgroupPeakBytes: null,
  };
  const runtime = { nodeLlamaCpp: 'not used (llama.cpp engine)', llamaCpp: binary.version ?? 'unknown', binary: 'localBuild' as const };
  if (failed || !ppRow || !tgRow) {
    const run = failed ?? runs.at(-1)!;
    const { outcome, classification } = run.aborted ? { outcome: 'cancelled' as const, classification: 'cancelled' as const } : classifyLlamaCppExit({ code: run.code, signal: run.signal, timedOut: run.timedOut }, run.stderrTail);
    const message = run.stderrTail.filter((l) => /error|fail|assert|alloc/i.test(l)).at(-1) ?? `llama-bench exited with ${run.signal ?? `code ${run.code}`} without a result`;
    return {
      binary,
      step: { ...base, ...report, outcome, runtime, failure: { message, signal: run.signal, exitCode: run.code, stderrTail: run.stderrTail, classification, phase: run === pp ? 'prompt' : 'generate' } },
    };
  }
  // A GPU build lists its GPU backend even when -dev none kept the step on the CPU.
  const backend = benchDevice(o.backend, gpuLayers) === 'none' ? 'cpu' : (ppRow.backends.toLowerCase().split(',')[0] ?? null);
  return {
    binary: { ...binary, buildFlags: [...new Set([...binary.buildFlags, `backends ${ppRow.backends}`])] },
    step: {
      ...base, ...report, outcome: 'ok', runtime,
      actualContextSize: s.contextSize, actualFlashAttention: s.flashAttention, actualThreads: s.threads, actualBackend: backend, actualGpuLayers: o.backend === 'cpu' ? 0 : s.gpuLayers,
      promptTokens, generatedTokens: o.generateTokens, promptTokensPerSecond: ppRow.avgTs, generationTokensPerSecond: tgRow.avgTs,
      llamaCppTimings: { promptTokensPerSecond: ppRow.avgTs, generationTokensPerSecond: tgRow.avgTs, generationRuns: o.generateTokens },
    },
  };
}
