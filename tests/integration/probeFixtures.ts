import type { StepConfig } from '../../src-shared/contract/probe';
import { tinyModel } from '../support/tinyModel';

// Shared by the probe integration tests: generated models and step configurations small enough for a
// 2-core machine. `budgetModel` has 8 layers of 256 dims: 8 KiB of KV cache per token, so contexts of a
// few thousand tokens move memory by tens of MB, well above the noise of a process.

export const budgetModel = () => tinyModel({ layers: 8, embeddingLength: 256, heads: 4, kvHeads: 4, feedForwardLength: 512, contextLength: 32768 });

export function stepConfig(contextSize: number, extra: Partial<StepConfig> = {}): StepConfig {
  return { contextSize, flashAttention: false, typeK: 'f16', typeV: 'f16', gpuLayers: 'auto', batchSize: 512, ubatchSize: 512, threads: 1, generateTokens: 8, promptFill: 0.9, backend: 'cpu', ...extra };
}

export const identity = (index = 0) => ({ id: `test-${index}`, probeId: 'test', index });
