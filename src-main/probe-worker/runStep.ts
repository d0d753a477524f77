import { getLlama, getModuleVersion, GgmlType, LlamaLogLevel, type Llama, type LlamaContext, type LlamaModel } from 'node-llama-cpp';
import type { FailureClass, StepConfig, StepEstimate, StepPhase } from '../../src-shared/contract/probe.js';
import type { StepRequest, WorkerMessage } from '../../src-shared/contract/worker.js';
import { attentionPromptTokens } from '../../src-shared/domain/probe/attentionPrompt.js';
import { emptyStepReport } from '../../src-shared/domain/probe/emptyStepReport.js';
import { parseBufferSizes } from '../../src-shared/domain/probe/parseBufferSizes.js';
import { parsePerfTimings } from '../../src-shared/domain/probe/parsePerfTimings.js';
import { failureOf, StepFailure } from './failureOf.js';
import { cgroupAnonBytes } from './cgroupAnonBytes.js';
import { measureStep, type OnProgress } from './measureStep.js';
import { processMemory } from './processMemory.js';

type Send = (message: WorkerMessage) => Promise<void>;

const MEMORY_CLASSES = new Set<FailureClass>(['estimate_refused', 'context_create_failed', 'cgroup_limit_exceeded']);

/**
 * One probe step in this (fresh) process: load, create the context, evaluate the attention-heavy
 * prompt, generate, and report. A failure node-llama-cpp throws becomes the report; a native crash
 * kills the process and the runner turns its exit into the report instead.
 */
export async function runStep(request: StepRequest, send: Send): Promise<void> {
  const { config } = request;
  const logLines: string[] = [];
  const report = emptyStepReport('error');
  let phase: StepPhase = 'load';
  const enter = async (next: StepPhase) => {
    phase = next;
    await send({ type: 'stepPhase', phase: next });
  };
  await send({ type: 'stepStarted', pid: process.pid });
  try {
    await enter('load');
    const llama = await loadLlama(config, logLines);
    report.runtime = { nodeLlamaCpp: (await getModuleVersion()) ?? 'unknown', llamaCpp: llama.llamaCppRelease.release, binary: llama.buildType };
    report.actualBackend = llama.gpu === false ? 'cpu' : llama.gpu;
    await applyCaps(llama, request);
    const vram = vramSampler(llama);
    report.vramBeforeBytes = await vram.sample();
    report.vramTotalBytes = vram.total();
    report.rssBeforeBytes = processMemory().rssBytes;

    let started = performance.now();
    const model = await llama.loadModel({
      modelPath: request.modelPath,
      gpuLayers: gpuLayersOption(config),
      defaultContextFlashAttention: config.flashAttention,
      // Under a cgroup, mapped weights count only when this process first reads them (not when an earlier
      // step left them in the page cache); read into memory, they count in every step alike.
      useMmap: request.budget?.mechanism === 'cgroup' ? false : undefined,
      ignoreMemorySafetyChecks: config.memoryCheck === 'allocate',
    });
    report.loadTimeMs = performance.now() - started;
    report.actualGpuLayers = model.gpuLayers;
    report.estimate.nodeLlamaCpp = await estimateOf(model, config);
    await vram.sample();

    await enter('context');
    started = performance.now();
    const context = await createContext(model, config);
    report.contextCreateMs = performance.now() - started;
    report.actualContextSize = context.contextSize;
    report.actualFlashAttention = context.flashAttention === true;
    report.actualThreads = context.currentThreads;
    await vram.sample();

    const sequence = context.getSequence();
    const prompt = promptFor(model, config, context.contextSize);
    const progress: OnProgress = (at, done, total) => void send({ type: 'stepProgress', phase: at, done, total });
    const measured = await measureStep({ config, context, sequence, prompt, enter, progress, budget: request.budget });
    Object.assign(report, measured.fields);
    const timings = measured.timings;
    report.promptTokens = timings.promptTokens;
    report.generatedTokens = timings.generatedTokens;
    report.timeToFirstTokenMs = timings.timeToFirstTokenMs;
    report.promptTokensPerSecond = timings.promptTokens / (timings.timeToFirstTokenMs / 1000);
    report.generationTokensPerSecond = timings.generatedTokens > 1 && timings.generationMs > 0 ? (timings.generatedTokens - 1) / (timings.generationMs / 1000) : null;
    report.llamaCppTimings = parsePerfTimings(logLines);

    report.vramAfterBytes = await vram.sample();
    report.vramPeakBytes = vram.peak();
    report.outcome = 'ok';
    phase = 'done';
  } catch (error) {
    const failure = failureOf(error, phase);
    report.outcome = MEMORY_CLASSES.has(failure.classification) ? 'oom' : 'error';
    report.failure = { message: failure.message, signal: null, exitCode: null, stderrTail: [], classification: failure.classification, phase: failure.phase };
  }
  const memory = processMemory();
  report.rssAfterBytes = memory.rssBytes;
  report.peakRssBytes = memory.peakRssBytes;
  report.peakVirtualBytes = memory.peakVirtualBytes;
  if (request.budget?.mechanism === 'cgroup') report.cgroupAnonBytes = cgroupAnonBytes();
  report.reported = parseBufferSizes(logLines);
  await send({ type: 'stepResult', report });
}

async function loadLlama(config: StepConfig, logLines: string[]): Promise<Llama> {
  return getLlama({
    gpu: config.backend === 'cpu' ? false : config.backend,
    build: 'never',
    maxThreads: config.threads,
    logLevel: LlamaLogLevel.info,
    // Kept for the buffer sizes, and echoed to stderr so a crash's last lines reach the runner.
    logger: (_level, message) => {
      // llama.cpp prints a dot per loaded tensor group; those would push the useful lines out of the tail.
      for (const line of message.split('\n')) {
        if (/^[.\s]*$/.test(line)) continue;
        logLines.push(line);
        process.stderr.write(`${line}\n`);
      }
    },
  });
}

async function applyCaps(llama: Llama, request: StepRequest): Promise<void> {
  const budget = request.budget;
  if (budget?.mechanism !== 'estimateCap') return;
  if (budget.ramBytes !== null) await llama.setRamCap(budget.ramBytes);
  if (budget.vramBytes !== null) await llama.setVramCap(budget.vramBytes);
}

function gpuLayersOption(config: StepConfig): 'auto' | 'max' | number {
  if (config.backend === 'cpu') return 0;
  if (config.gpuLayers === 'all') return 'max';
  return config.gpuLayers;
}

async function createContext(model: LlamaModel, config: StepConfig): Promise<LlamaContext> {
  if (config.ubatchSize !== config.batchSize)
    throw new StepFailure(`node-llama-cpp runs the physical batch equal to the logical batch; ubatch ${config.ubatchSize} ≠ batch ${config.batchSize}.`, 'invalid_config', 'context');
  return model.createContext({
    contextSize: config.contextSize,
    batchSize: config.batchSize,
    flashAttention: config.flashAttention,
    threads: { ideal: config.threads, min: config.threads },
    sequences: 1,
    experimentalKvCacheKeyType: ggmlType(config.typeK),
    experimentalKvCacheValueType: ggmlType(config.typeV),
    failedCreationRemedy: false,
    ignoreMemorySafetyChecks: config.memoryCheck === 'allocate',
    // llama.cpp's own timers, printed after the measurement (see measureGeneration).
    performanceTracking: true,
  });
}

function ggmlType(type: StepConfig['typeK']): GgmlType {
  return GgmlType[type.toUpperCase() as keyof typeof GgmlType];
}

/**
 * The attention-heavy prompt, tokenized by the model, leaving room for the generated tokens: `promptFill` of
 * the context for a `prompt` step; one batch for `none`; two (the real seed, and the batch at the far end) for `copy`.
 */
function promptFor(model: LlamaModel, config: StepConfig, contextSize: number) {
  const fill = config.fill ?? 'prompt';
  const wanted = fill === 'prompt' ? Math.floor(config.contextSize * config.promptFill) : config.batchSize * (fill === 'copy' ? 2 : 1);
  const room = Math.min(wanted, contextSize - config.generateTokens - 1);
  if (room < 8) throw new StepFailure(`Context ${contextSize} leaves no room for a prompt and ${config.generateTokens} generated tokens.`, 'invalid_config', 'prompt');
  const bos = model.tokens.bos !== null && model.tokens.shouldPrependBosToken ? [model.tokens.bos] : [];
  return [...bos, ...attentionPromptTokens(room - bos.length, (text) => model.tokenize(text))];
}

async function estimateOf(model: LlamaModel, config: StepConfig): Promise<StepEstimate | null> {
  try {
    const insights = model.fileInsights;
    const weights = await insights.estimateModelResourceRequirementsV2({ gpuLayers: model.gpuLayers });
    const context = await insights.estimateContextResourceRequirementsV2({
      contextSize: config.contextSize,
      modelGpuLayers: model.gpuLayers,
      batchSize: config.batchSize,
      sequences: 1,
      flashAttention: config.flashAttention,
      kvCacheKeyType: ggmlType(config.typeK),
      kvCacheValueType: ggmlType(config.typeV),
    });
    return {
      ramBytes: Math.round(weights.cpuRam + context.cpuRam),
      vramBytes: Math.round(weights.gpuVram + context.gpuVram),
      weightsBytes: Math.round(weights.cpuRam + weights.gpuVram),
      kvBytes: null,
      computeBytes: null,
    };
  } catch {
    return null;
  }
}

/** VRAM in use, sampled at each phase, and the devices' total; null on the CPU backend. */
function vramSampler(llama: Llama) {
  let peak: number | null = null;
  let total: number | null = null;
  return {
    async sample(): Promise<number | null> {
      if (llama.gpu === false) return null;
      const state = await llama.getVramState();
      peak = Math.max(peak ?? 0, state.used);
      total = state.total;
      return state.used;
    },
    peak: () => peak,
    total: () => total,
  };
}
