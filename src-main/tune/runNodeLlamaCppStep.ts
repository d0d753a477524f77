import type { StepResult } from '../../src-shared/contract/probe.js';
import type { TuneBackend, TuneSettings } from '../../src-shared/contract/tune.js';
import { executeStep } from '../probe/executeStep.js';
import type { WorkerLauncher } from '../probe/WorkerLauncher.js';

/** Options of {@link runNodeLlamaCppStep}. */
export interface NodeStepOptions {
  launch: WorkerLauncher;
  env: Record<string, string>;
  modelPath: string;
  settings: TuneSettings;
  backend: TuneBackend;
  generateTokens: number;
  promptFill: number;
  identity: { id: string; probeId: string; index: number };
  timeoutMs: number;
  signal: AbortSignal;
  estimate: { ramBytes: number; vramBytes: number } | null;
}

/**
 * One candidate as a probe step: a fresh node-llama-cpp worker, so a crash or an OOM is the
 * candidate's result. node-llama-cpp's own memory check stays on, as in an app.
 */
export function runNodeLlamaCppStep(o: NodeStepOptions): Promise<StepResult> {
  const s = o.settings;
  // No layer on the GPU means the CPU backend, as a user would run it: under a GPU backend llama.cpp would
  // still send large prompt batches to the device (op offload), and the CPU would not compete alone.
  const backend = s.gpuLayers === 0 ? 'cpu' : o.backend;
  return executeStep({
    launch: o.launch,
    env: o.env,
    modelPath: o.modelPath,
    config: {
      contextSize: s.contextSize,
      flashAttention: s.flashAttention,
      typeK: s.typeK,
      typeV: s.typeV,
      gpuLayers: backend === 'cpu' ? 0 : s.gpuLayers,
      batchSize: s.batchSize,
      ubatchSize: s.ubatchSize,
      threads: s.threads,
      generateTokens: o.generateTokens,
      promptFill: o.promptFill,
      backend,
      memoryCheck: 'estimate',
    },
    budget: null,
    identity: o.identity,
    timeoutMs: o.timeoutMs,
    signal: o.signal,
    estimate: o.estimate && { ...o.estimate, weightsBytes: null, kvBytes: null, computeBytes: null },
  });
}
