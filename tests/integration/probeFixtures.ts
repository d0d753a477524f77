import type { StepConfig } from '../../src-shared/contract/probe';
import { tinyModel } from '../support/tinyModel';

// Shared by the probe integration tests: generated models and step configurations small enough for a
// 2-core machine. `budgetModel` has 8 layers of 256 dims: 8 KiB of KV cache per token, so contexts of a
// few thousand tokens move memory by tens of MB, well above the noise of a process.

export const budgetModel = () => tinyModel({ layers: 8, embeddingLength: 256, heads: 4, kvHeads: 4, feedForwardLength: 512, contextLength: 32768 });

/**
 * 128 KiB of KV cache per token (8 layers × 8 KV heads × 256-wide heads) on small weights: one bisection
 * step of 1024 tokens moves the allocation by 128 MiB, far above the few MB of run-to-run noise in a
 * worker's address space, so a boundary found once holds when re-run.
 */
export const wideKvModel = () => tinyModel({ layers: 8, embeddingLength: 256, heads: 8, kvHeads: 8, headDim: 256, feedForwardLength: 512, contextLength: 32768 });

export function stepConfig(contextSize: number, extra: Partial<StepConfig> = {}): StepConfig {
  return { contextSize, flashAttention: false, typeK: 'f16', typeV: 'f16', gpuLayers: 'auto', batchSize: 512, ubatchSize: 512, threads: 1, generateTokens: 8, promptFill: 0.9, backend: 'cpu', memoryCheck: 'estimate', ...extra };
}

export const identity = (index = 0) => ({ id: `test-${index}`, probeId: 'test', index });
