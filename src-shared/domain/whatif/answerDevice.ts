import type { DeviceAnswer, WhatIfDevice } from '../../contract/whatif.js';
import type { KvCacheType } from '../../contract/settings.js';
import type { MemoryEstimate } from '../memory/MemoryEstimate.js';
import { estimateFor, expertBytes, largestContext, weightTensors, type WhatIfModel } from './deviceMemory.js';
import { estimateSpeed, type MemoryRead } from './estimateSpeed.js';

/** Host RAM that layers spill to, for the speed of a split between a GPU and the CPU. */
export const DEFAULT_HOST = { name: 'host RAM (dual-channel DDR5-5600, assumed)', bandwidthGBps: 89.6 };

/** The device's share of an estimate: everything for a CPU, the GPU's part (gpu0) otherwise. */
export function onDevice(e: MemoryEstimate, device: Pick<WhatIfDevice, 'kind'>): number {
  return device.kind === 'ram' ? e.totalBytes : (e.devices.find((d) => d.id === 'gpu0')?.totalBytes ?? 0);
}

const gpusOf = (device: WhatIfDevice) => (device.kind === 'ram' ? [] : [{ name: device.name }]);

/** Whether the whole model fits on the device at `contextSize` (the memory model's central figure). */
export function fitsOn(model: WhatIfModel, device: WhatIfDevice, contextSize: number, flashAttention = true, kv: KvCacheType = 'f16'): boolean {
  return onDevice(estimateFor(model, { contextSize, flashAttention, kv, gpus: gpusOf(device) }), device) <= device.usableBytes;
}

/**
 * Will `model` run on `device` at `contextSize`? Fits, largest contexts, spill, expert offload and a speed
 * estimate, all from the memory model: every figure here is an estimate (`verified` is filled by a probe).
 */
export function answerDevice(model: WhatIfModel, device: WhatIfDevice, contextSize: number, limit: number): DeviceAnswer {
  const at = (ctx: number, flashAttention: boolean, kv: KvCacheType, scale = 1) => onDevice(estimateFor(model, { contextSize: ctx, flashAttention, kv, gpus: gpusOf(device) }), device) * scale <= device.usableBytes;
  const max = (fa: boolean, kv: KvCacheType, scale = 1) => largestContext((c) => at(c, fa, kv, scale), limit);
  const base = estimateFor(model, { contextSize, flashAttention: true, kv: 'f16', gpus: gpusOf(device) });
  const deviceBytes = onDevice(base, device);
  const maxOn = max(true, 'f16');
  // The band is the memory model's error at the boundary itself, not at the context asked about.
  const atMax = maxOn === null ? base : estimateFor(model, { contextSize: maxOn, flashAttention: true, kv: 'f16', gpus: gpusOf(device) });
  const band = atMax.totalBytes > 0 ? { low: atMax.errorBand.highBytes / atMax.totalBytes, high: atMax.errorBand.lowBytes / atMax.totalBytes } : { low: 1, high: 1 };
  const fits = deviceBytes <= device.usableBytes;
  const spill = fits || device.kind === 'ram' ? null : spillAt(model, device, contextSize);
  const gpu = base.devices.find((d) => d.id === 'gpu0');
  return {
    id: device.id,
    name: device.name,
    kind: device.kind,
    memoryBytes: device.memoryGiB * 2 ** 30,
    usableBytes: device.usableBytes,
    usableBasis: device.usableBasis,
    bandwidthGBps: device.bandwidthGBps,
    source: device.source,
    fits,
    fitsAt: contextSize,
    maxContext: {
      flashAttention: { on: maxOn, off: max(false, 'f16') },
      kvCache: { f16: { on: maxOn, off: max(false, 'f16') }, q8_0: { on: max(true, 'q8_0'), off: null } },
      band: { low: max(true, 'f16', band.low), high: max(true, 'f16', band.high) },
    },
    spill,
    expertOffload: expertOffload(model, device, contextSize, limit),
    generationTokensPerSecond: speedOn(model, device, base, spill, contextSize),
    estimate: {
      weightsBytes: device.kind === 'ram' ? base.weightsBytes : (gpu?.weightsBytes ?? null),
      kvBytes: device.kind === 'ram' ? base.kvCache.totalBytes : (gpu?.kvBytes ?? 0),
      computeBytes: device.kind === 'ram' ? base.computeBytes : (gpu?.computeBytes ?? 0),
      totalBytes: deviceBytes,
    },
    verified: null,
    measured: [],
    estimated: ['fits', 'maxContext', 'spill', 'expertOffload', 'generationTokensPerSecond', 'estimate'],
  };
}

/** Most layers that fit on the device at `contextSize` (llama.cpp offloads the last layers first); the rest stay in RAM. */
function spillAt(model: WhatIfModel, device: WhatIfDevice, contextSize: number): DeviceAnswer['spill'] {
  const total = model.geometry.layers + 1;
  const on = (n: number) => estimateFor(model, { contextSize, flashAttention: true, kv: 'f16', gpus: [{ name: device.name }], gpuLayers: n });
  let n = total;
  while (n > 0 && onDevice(on(n), device) > device.usableBytes) n--;
  const e = on(n);
  return { gpuLayers: n, totalLayers: total, ramBytes: e.devices.find((d) => d.id === 'cpu')?.totalBytes ?? 0, deviceBytes: onDevice(e, device), contextSize };
}

function expertOffload(model: WhatIfModel, device: WhatIfDevice, contextSize: number, limit: number): DeviceAnswer['expertOffload'] {
  const tensors = weightTensors(model);
  if (!model.geometry.experts || !tensors || device.kind === 'ram') return null;
  const experts = expertBytes(tensors);
  const deviceAt = (ctx: number) => onDevice(estimateFor(model, { contextSize: ctx, flashAttention: true, kv: 'f16', gpus: [{ name: device.name }] }), device) - experts;
  return { deviceBytes: deviceAt(contextSize), ramBytes: experts, maxContext: largestContext((c) => deviceAt(c) <= device.usableBytes, limit) };
}

function speedOn(model: WhatIfModel, device: WhatIfDevice, e: MemoryEstimate, spill: DeviceAnswer['spill'], contextSize: number) {
  const tensors = weightTensors(model);
  const g = model.geometry;
  // A MoE token reads only the experts it routes to (plus the shared ones).
  const unusedExperts = g.experts && tensors ? expertBytes(tensors) * (1 - g.experts.used / g.experts.count) : 0;
  // The input embedding is a row lookup, not a full read.
  const embedding = tensors?.find((t) => t.name === 'token_embd.weight')?.bytes ?? 0;
  const weights = Math.max(0, (e.weightsBytes ?? 0) - unusedExperts - embedding);
  const kv = e.kvCache.totalBytes;
  if (!spill) return estimateSpeed([{ bytes: weights + kv, bandwidthGBps: device.bandwidthGBps, where: device.name }], contextSize);
  const share = spill.gpuLayers / spill.totalLayers;
  const reads: MemoryRead[] = [
    { bytes: (weights + kv) * share, bandwidthGBps: device.bandwidthGBps, where: device.name },
    { bytes: (weights + kv) * (1 - share), bandwidthGBps: DEFAULT_HOST.bandwidthGBps, where: DEFAULT_HOST.name },
  ];
  return estimateSpeed(reads, contextSize, ` ${spill.totalLayers - spill.gpuLayers} of ${spill.totalLayers} layers run from RAM.`);
}
