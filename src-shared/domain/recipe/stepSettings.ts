import type { StepResult } from '../../contract/probe.js';
import type { RecipeMachine, RecipeSettings } from '../../contract/recipe.js';

/**
 * The context a passing step verified: the cells node-llama-cpp really created (it rounds the
 * request up to a multiple of 256, and every cell was allocated), else the request.
 */
export function verifiedContext(step: StepResult): number {
  return step.actualContextSize ?? step.contextSize;
}

/** The settings a step really ran with: node-llama-cpp's resolved values where it reported them. */
export function stepSettings(step: StepResult): RecipeSettings {
  return {
    contextSize: verifiedContext(step),
    flashAttention: step.actualFlashAttention ?? step.flashAttention,
    typeK: step.typeK,
    typeV: step.typeV,
    gpuLayers: step.actualGpuLayers ?? step.gpuLayers,
    batchSize: step.batchSize,
    ubatchSize: step.ubatchSize,
    threads: step.actualThreads ?? step.threads,
    // The probe runs one sequence per context.
    parallel: 1,
  };
}

const BACKENDS = ['cpu', 'cuda', 'vulkan', 'metal', 'rocm'] as const;

/** The machine side of a step: the backend it ran on (`cpu` when no layer went to a GPU); null when unknown. */
export function stepMachine(step: StepResult): RecipeMachine | null {
  const reported = (step.actualBackend ?? (step.backend === 'auto' ? '' : step.backend)).toLowerCase();
  if (!(BACKENDS as readonly string[]).includes(reported)) return null;
  const backend = reported as RecipeMachine['backend'];
  const onGpu = backend !== 'cpu' && (step.actualGpuLayers ?? 1) > 0;
  return { backend: onGpu ? backend : 'cpu', deviceName: null, vramTotalBytes: null, ramTotalBytes: null };
}

export function describeStep(step: StepResult): string {
  const timer = step.llamaCppTimings?.generationTokensPerSecond;
  // The app-level speed is node-llama-cpp's; llama.cpp's own timer is what llama-server and Ollama would show.
  const speed = step.generationTokensPerSecond === null ? '' : `, ${step.generationTokensPerSecond.toFixed(1)} tok/s generation${timer ? ` (llama.cpp's timer ${timer.toFixed(1)})` : ''}`;
  return `step ${step.id} passed at ${verifiedContext(step)} tokens (flash attention ${step.actualFlashAttention ?? step.flashAttention ? 'on' : 'off'}, K ${step.typeK} / V ${step.typeV}${speed})`;
}
