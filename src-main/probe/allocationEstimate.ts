import type { ProbePlan, StepConfig, StepEstimate } from '../../src-shared/contract/probe.js';
import { estimateMemory } from '../../src-shared/domain/memory/estimateMemory.js';
import type { AllocationEstimate } from '../../src-shared/domain/probe/resolvePlan.js';
import type { ModelFacts } from './readModelFacts.js';

/**
 * Headroom's memory model for one configuration of this model, as the step records it. GPU layers
 * go to one GPU when the backend is a GPU one; `auto` on an unknown machine counts as the CPU.
 */
export function headroomEstimate(facts: ModelFacts, config: StepConfig): StepEstimate | null {
  if (!facts.geometry) return null;
  const onGpu = config.backend === 'cuda' || config.backend === 'vulkan' || config.backend === 'metal';
  try {
    const e = estimateMemory({
      geometry: facts.geometry,
      contextSize: config.contextSize,
      typeK: config.typeK,
      typeV: config.typeV,
      flashAttention: config.flashAttention,
      batchSize: config.batchSize,
      ubatchSize: config.ubatchSize,
      gpuLayers: !onGpu ? 0 : config.gpuLayers === 'all' || config.gpuLayers === 'auto' ? 'all' : config.gpuLayers,
      gpus: onGpu ? [{ name: config.backend }] : [],
      tensors: facts.tensors.length ? facts.tensors : undefined,
    });
    const vram = e.devices.filter((d) => d.kind === 'gpu').reduce((s, d) => s + d.totalBytes, 0);
    const ram = e.devices.filter((d) => d.kind === 'cpu').reduce((s, d) => s + d.totalBytes, 0);
    return { ramBytes: Math.round(ram), vramBytes: Math.round(vram), weightsBytes: e.weightsBytes === null ? null : Math.round(e.weightsBytes), kvBytes: Math.round(e.kvCache.totalBytes), computeBytes: Math.round(e.computeBytes) };
  } catch {
    return null;
  }
}

/** The same model as a function of context and flash attention, for planning. */
export function allocationEstimate(facts: ModelFacts, base: ProbePlan['base']): AllocationEstimate | null {
  if (!facts.geometry) return null;
  return (contextSize, flashAttention) => headroomEstimate(facts, { ...base, contextSize, flashAttention });
}
