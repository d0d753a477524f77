import type { ModelGeometry } from '../models/ModelGeometry.js';
import { buildComputeGraph } from './buildComputeGraph.js';
import { peakGraphBytes } from './peakGraphBytes.js';
import { representativeLayers } from './representativeLayers.js';

/** Options of {@link estimateComputeBytes}. */
export interface ComputeInput {
  geometry: ModelGeometry;
  /** KV cells each layer attends over in one cache stream (the padded context, or the window's cells on sliding-window layers; 0 without attention). */
  layerCells: number[];
  /** The context, all sequences together (llama.cpp reserves min(context, ubatch) tokens). Defaults to the widest layer's cells. */
  contextSize?: number;
  ubatchSize: number;
  flashAttention: boolean;
}

const F32 = 4;

/**
 * The compute buffer llama.cpp reserves for one device's graph: its worst-case prompt graph (min(context, ubatch)
 * tokens, all of them outputs) replayed through a port of ggml's graph allocator, so the figure includes the
 * in-place reuse and the fragmentation of the real allocator. The graph's shapes follow llama.cpp's builders;
 * nothing is fitted (tests/bench/computeBufferFit.bench.test.ts compares it with llama-fit-params).
 */
export function estimateComputeBytes(input: ComputeInput): number {
  const context = input.contextSize ?? Math.max(0, ...input.layerCells);
  const tokens = Math.max(1, Math.min(input.ubatchSize, context || input.ubatchSize));
  const layers = representativeLayers(input.geometry, input.layerCells);
  return peakGraphBytes(buildComputeGraph({ geometry: input.geometry, tokens, layerCells: input.layerCells, flashAttention: input.flashAttention, layers }));
}

/** Bytes a host keeps for a graph whose layers all run on a GPU: the input embeddings and their staging. */
export function estimateHostComputeBytes(geometry: ModelGeometry, ubatchSize: number): number {
  return ubatchSize * geometry.embeddingLength * F32 * 1.25;
}
