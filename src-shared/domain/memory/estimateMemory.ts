import type { KvCacheType } from '../../contract/settings.js';
import type { ModelGeometry } from '../models/ModelGeometry.js';
import { tensorPlan } from '../models/tensorPlan.js';
import { estimateComputeBytes, estimateHostComputeBytes } from './estimateCompute.js';
import { estimateKvCache } from './estimateKvCache.js';
import { ggmlTypeByName, rowBytes } from './ggmlTypes.js';
import { llamaCppRules, type KvCacheRules } from './KvCacheRules.js';
import { layerOfTensor } from './layerOfTensor.js';
import type { DeviceMemory, MemoryEstimate } from './MemoryEstimate.js';
import { splitLayers, type SplitDevice } from './splitLayers.js';

/** A weight tensor as the file stores it. */
export interface WeightTensor {
  name: string;
  bytes: number;
}

/** Options of {@link estimateMemory}. Defaults are llama.cpp's (and node-llama-cpp's). */
export interface MemoryEstimateInput {
  geometry: ModelGeometry;
  /** Context in tokens, all sequences together (`-c`). */
  contextSize: number;
  /** K cache type (`-ctk`). Defaults to f16. */
  typeK?: KvCacheType;
  /** V cache type (`-ctv`). Defaults to f16. */
  typeV?: KvCacheType;
  /** Flash attention (`-fa`). `auto` resolves to on, as llama.cpp does on backends that support it. Defaults to `auto`. */
  flashAttention?: boolean | 'auto';
  /** Logical batch (`-b`). Defaults to 2048. */
  batchSize?: number;
  /** Physical batch (`-ub`). Defaults to 512. node-llama-cpp sets it to its batch size, plus one on sliding-window models. */
  ubatchSize?: number;
  /** Parallel sequences (`-np`). Defaults to 1. */
  sequences?: number;
  /** Layers to offload (`-ngl`), counting the output head as one. Defaults to `all` with GPUs, else 0. */
  gpuLayers?: number | 'all';
  /** GPUs to split offloaded layers across. Defaults to none (everything in RAM). */
  gpus?: SplitDevice[];
  /** The file's tensors, for exact weights. */
  tensors?: WeightTensor[];
  /** Without tensors: estimate weights from the geometry in this type (e.g. `q4_K`). Defaults to none (weights unknown). */
  weightType?: string;
  /** Runtime rules that differ between llama.cpp builds and forks. Defaults to the bundled llama.cpp. */
  rules?: Partial<KvCacheRules>;
}

/** Relative error bands, from the calibration in tests/unit/estimateMemory.test.ts. */
// KV: 26 cited real-log cases and 18 allocations printed by the bundled llama.cpp match exactly (the band
// covers runtimes' rounding). Compute: a replay of llama.cpp's graph allocation; on CPU it equals llama-fit-params
// to 0.01 MiB for every modelled architecture (tests/bench/computeBufferFit.bench.test.ts). The band stays wide for
// what it does not model: GPU backends (their own alignment, split copies), other architectures, several sequences.
export const ERROR_BANDS = { kvCache: 0.01, weightsFromTensors: 0.01, weightsFromGeometry: 0.08, compute: 0.25, output: 0.01 };

/**
 * Bytes per device for a model at a context: weights, KV cache (K and V), compute and output buffers,
 * each with its error band. Pure: the same numbers in the UI, the CLI and the probe planner.
 */
export function estimateMemory(input: MemoryEstimateInput): MemoryEstimate {
  const g = input.geometry;
  const rules = { ...llamaCppRules, ...input.rules };
  const gpus = input.gpus ?? [];
  const settings = {
    contextSize: input.contextSize,
    typeK: input.typeK ?? 'f16',
    typeV: input.typeV ?? 'f16',
    flashAttention: input.flashAttention === undefined || input.flashAttention === 'auto' ? true : input.flashAttention,
    batchSize: input.batchSize ?? 2048,
    ubatchSize: Math.min(input.ubatchSize ?? 512, input.batchSize ?? 2048),
    sequences: input.sequences ?? 1,
    gpuLayers: input.gpuLayers ?? (gpus.length > 0 ? 'all' : 0),
  } as const;
  const kv = estimateKvCache({ geometry: g, ...settings, rules });
  const placement = splitLayers(g.layers, settings.gpuLayers, gpus);
  const weights = weightsPerLayer(input, g);
  // With one cache stream per sequence (llama.cpp's default), the graph attends over one stream's cells.
  const streams = rules.kvUnified ? 1 : settings.sequences;
  const compute = estimateComputeBytes({ geometry: g, layerCells: kv.layers.map((l) => l.cells / streams), contextSize: kv.paddedContext, ubatchSize: settings.ubatchSize, flashAttention: settings.flashAttention });
  const outputBytes = Math.max(1, settings.sequences) * g.vocabSize * 4;
  const devices = deviceTotals({ g, gpus, placement, weights, kv, compute, outputBytes, ubatch: settings.ubatchSize });
  const weightsBytes = weights ? devices.reduce((sum, d) => sum + (d.weightsBytes ?? 0), 0) : null;
  const computeBytes = devices.reduce((s, d) => s + d.computeBytes, 0);
  const totalBytes = (weightsBytes ?? 0) + kv.totalBytes + computeBytes + outputBytes;
  const weightsBand = weights ? (weights.source === 'tensors' ? ERROR_BANDS.weightsFromTensors : ERROR_BANDS.weightsFromGeometry) : null;
  const spread = kv.totalBytes * ERROR_BANDS.kvCache + (weightsBytes ?? 0) * (weightsBand ?? 0) + computeBytes * ERROR_BANDS.compute + outputBytes * ERROR_BANDS.output;
  const fullLayers = kv.layers.filter((l) => !l.slidingWindow && l.cells > 0);
  return {
    settings,
    kvCache: {
      kBytes: kv.kBytes,
      vBytes: kv.vBytes,
      stateBytes: kv.stateBytes,
      totalBytes: kv.totalBytes,
      cells: kv.paddedContext,
      slidingWindowCells: kv.slidingWindowCells,
      bytesPerToken: fullLayers.reduce((s, l) => s + (l.kBytes + l.vBytes) / l.cells, 0),
    },
    weightsBytes,
    weightsSource: weights?.source ?? 'unknown',
    computeBytes,
    outputBytes,
    totalBytes,
    errorBand: {
      kvCache: ERROR_BANDS.kvCache,
      weights: weightsBand,
      compute: ERROR_BANDS.compute,
      output: ERROR_BANDS.output,
      lowBytes: Math.max(0, totalBytes - spread),
      highBytes: totalBytes + spread,
      basis: 'KV and output: llama.cpp\'s allocation rules, checked against printed sizes (±1 %). Compute: llama.cpp\'s graph allocation replayed (exact on CPU for llama, qwen2/3, gemma2/3, phi3, deepseek2, qwen3moe; ±25 % for GPU backends and other architectures). Weights: the file\'s tensor sizes, or the geometry at the given type (±8 %).',
    },
    devices,
    notes: notesFor(g, kv.slidingWindowCells, rules, settings.contextSize),
  };
}

interface LayerWeights {
  source: 'tensors' | 'geometry';
  total: number;
  input: number;
  /** Bytes per layer index 0…layers (the last is the output head). */
  perLayer: number[];
  /** Tied embeddings: llama.cpp copies token_embd to the output head's device when that is a GPU (on the CPU both share the mapping). */
  tiedOutputBytes: number;
}

function weightsPerLayer(input: MemoryEstimateInput, g: ModelGeometry): LayerWeights | null {
  let tensors = input.tensors;
  let source: LayerWeights['source'] = 'tensors';
  if (!tensors) {
    const type = input.weightType ? ggmlTypeByName(input.weightType) : undefined;
    if (!type) return null;
    const f32 = ggmlTypeByName('f32')!;
    tensors = tensorPlan(g, true).map((t) => ({
      name: t.name,
      bytes: rowBytes(t.fill === 'noise' ? type : f32, t.shape[0]!) * t.shape.slice(1).reduce((a, b) => a * b, 1),
    }));
    source = 'geometry';
  }
  const perLayer = Array<number>(g.layers + 1).fill(0);
  let inputBytes = 0;
  for (const t of tensors) {
    const layer = layerOfTensor(t.name, g.layers);
    if (layer === 'input') inputBytes += t.bytes;
    else perLayer[layer]! += t.bytes;
  }
  const tiedOutputBytes = tensors.some((t) => t.name === 'output.weight') ? 0 : (tensors.find((t) => t.name === 'token_embd.weight')?.bytes ?? 0);
  return { source, total: inputBytes + perLayer.reduce((a, b) => a + b, 0), input: inputBytes, perLayer, tiedOutputBytes };
}

interface DeviceInput {
  g: ModelGeometry;
  gpus: SplitDevice[];
  placement: number[];
  weights: LayerWeights | null;
  kv: ReturnType<typeof estimateKvCache>;
  compute: number;
  outputBytes: number;
  ubatch: number;
}

function deviceTotals({ g, gpus, placement, weights, kv, compute, outputBytes, ubatch }: DeviceInput): DeviceMemory[] {
  const devices: DeviceMemory[] = [
    { id: 'cpu', name: 'CPU (RAM)', kind: 'cpu', weightsBytes: weights ? weights.input : null, kvBytes: 0, computeBytes: 0, outputBytes, totalBytes: 0, layers: 0 },
    ...gpus.map((d, i): DeviceMemory => ({ id: `gpu${i}`, name: d.name, kind: 'gpu', weightsBytes: weights ? 0 : null, kvBytes: 0, computeBytes: 0, outputBytes: 0, totalBytes: 0, layers: 0 })),
  ];
  placement.forEach((index, il) => {
    const device = devices[index + 1]!;
    device.layers++;
    if (weights) device.weightsBytes = (device.weightsBytes ?? 0) + weights.perLayer[il]! + (il === g.layers && index >= 0 ? weights.tiedOutputBytes : 0);
    const layer = kv.layers[il];
    if (layer) device.kvBytes += layer.kBytes + layer.vBytes + layer.stateBytes;
  });
  // Every device that runs layers reserves its own graph buffer; a host whose layers all moved keeps a small one.
  for (const device of devices) {
    device.computeBytes = device.layers > 0 ? compute : device.kind === 'cpu' ? estimateHostComputeBytes(g, ubatch) : 0;
    device.totalBytes = (device.weightsBytes ?? 0) + device.kvBytes + device.computeBytes + device.outputBytes;
  }
  return devices;
}

function notesFor(g: ModelGeometry, swaCells: number | null, rules: KvCacheRules, context: number): string[] {
  const notes: string[] = [];
  if (swaCells !== null) notes.push(`Sliding-window layers hold ${swaCells} cells (window ${g.slidingWindow}${rules.slidingWindowCache ? '' : ', full-size cache'}).`);
  if (g.mla) notes.push(g.mla.layout === 'latent' ? 'MLA: the cache holds the compressed latent (kv_lora_rank + rope) per token and layer.' : 'Old deepseek2 conversion: llama.cpp caches every head\'s K and V; a re-converted GGUF caches only the MLA latent.');
  if (g.ssm) notes.push('Recurrent layers hold a fixed state per sequence, independent of context.');
  if (g.contextLength > 0 && context > g.contextLength) notes.push(`Context ${context} exceeds the trained context ${g.contextLength}.`);
  return notes;
}
