import { rmSync } from 'node:fs';
import type { LlamaContext, LlamaContextSequence, Token } from 'node-llama-cpp';
import type { MemoryBudget, StepConfig, StepPhase } from '../../src-shared/contract/probe.js';
import type { WorkerStepReport } from '../../src-shared/contract/worker.js';
import { removeWorkerStateFiles, workerStateFiles } from '../probe/workerStateFiles.js';
import { withCgroupAllowance } from './cgroupAllowance.js';
import { copiedStateSize, readSequenceState, StateFormatError, writeCopiedState } from './copiedState.js';
import { StepFailure } from './failureOf.js';
import { measureGeneration, warmUp, type GenerationTimings, type OnProgress } from './measureGeneration.js';

export type { OnProgress } from './measureGeneration.js';

/** Options of {@link measureStep}. */
export interface MeasureStepOptions {
  config: StepConfig;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  /** The prompt tokens for this step's fill (see runStep's promptFor). */
  prompt: Token[];
  enter: (phase: StepPhase) => Promise<void>;
  progress: OnProgress;
  budget: MemoryBudget | null;
}

type Fields = Pick<WorkerStepReport, 'depth' | 'shallowPromptTokensPerSecond' | 'fillMs'>;

/** Fills the cache the way the step's `fill` says, then times one prompt and the generation after it. */
export async function measureStep(o: MeasureStepOptions): Promise<{ timings: GenerationTimings; fields: Fields }> {
  const generate = (prompt: Token[]) =>
    measureGeneration(o.context, o.sequence, prompt, o.config.generateTokens, { onFirstToken: () => void o.enter('generate'), onProgress: o.progress });
  const fill = o.config.fill ?? 'prompt';
  if (fill === 'none') {
    await o.enter('prompt');
    const timings = await generate(o.prompt);
    return { timings, fields: { depth: 0, shallowPromptTokensPerSecond: timings.promptTokens / (timings.timeToFirstTokenMs / 1000), fillMs: null } };
  }
  if (fill === 'prompt') {
    await o.enter('prompt');
    const shallow = await warmUp(o.sequence, o.prompt.slice(0, Math.min(o.context.batchSize, o.prompt.length)));
    return { timings: await generate(o.prompt), fields: { depth: 0, shallowPromptTokensPerSecond: shallow, fillMs: null } };
  }
  return copyFill(o, generate);
}

/**
 * `copy`: a real first batch (its speed is the shallow figure), its state copied to fill the cache up to the
 * far end, then the second batch evaluated there and tokens generated: speed and memory at full depth.
 */
async function copyFill(o: MeasureStepOptions, generate: (prompt: Token[]) => Promise<GenerationTimings>) {
  const batch = o.context.batchSize;
  const depth = o.context.contextSize - batch - o.config.generateTokens;
  if (depth < 1 || o.prompt.length < 2 * batch) throw new StepFailure(`Context ${o.context.contextSize} is too small to fill before a batch of ${batch} and ${o.config.generateTokens} generated tokens.`, 'invalid_config', 'prompt');
  await o.enter('prompt');
  const seed = o.prompt.slice(0, batch);
  let started = performance.now();
  await o.sequence.evaluateWithoutGeneratingNewTokens(seed);
  const shallow = seed.length / ((performance.now() - started) / 1000);
  o.progress('prompt', seed.length, seed.length);

  await o.enter('fill');
  started = performance.now();
  const { seed: seedFile, fill: fillFile } = workerStateFiles(process.pid);
  try {
    await o.sequence.saveStateToFile(seedFile);
    const state = readSequenceState(seedFile);
    // A memory-backed file is charged to this process until removed: gone before the limit returns.
    rmSync(seedFile, { force: true });
    const size = copiedStateSize(state, depth);
    // The file (memory-backed), llama.cpp's read buffer, and slack for the writer's chunks.
    await withCgroupAllowance(size.fileBytes + size.largestReadBytes + 64 * 2 ** 20, async () => {
      writeCopiedState(fillFile, state, depth);
      await o.sequence.clearHistory();
      await o.sequence.loadStateFromFile(fillFile, { acceptRisk: true });
      rmSync(fillFile, { force: true });
    });
  } catch (error) {
    if (error instanceof StateFormatError) throw new StepFailure(`This llama.cpp writes a sequence state Headroom cannot copy (${error.message}).`, 'invalid_config', 'fill');
    throw error;
  } finally {
    removeWorkerStateFiles(process.pid);
  }
  if (o.sequence.nextTokenIndex !== depth) throw new StepFailure(`The cache holds ${o.sequence.nextTokenIndex} cells after the fill, not ${depth}.`, 'evaluation_failed', 'fill');
  const fillMs = performance.now() - started;
  o.progress('fill', depth, depth);
  await o.enter('prompt');
  const timings = await generate(o.prompt.slice(batch, 2 * batch));
  return { timings, fields: { depth, shallowPromptTokensPerSecond: shallow, fillMs } };
}
