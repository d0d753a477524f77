import type { SplitAnswer, WhatIfDevice } from '../../contract/whatif.js';
import type { MemoryEstimate } from '../memory/MemoryEstimate.js';
import { estimateFor, largestContext, type WhatIfModel } from './deviceMemory.js';
import { estimateSpeed } from './estimateSpeed.js';

/**
 * A layer split over several GPUs (`--split-mode layer`): llama.cpp shares layers by free memory unless
 * `--tensor-split` says otherwise, each GPU keeps its layers' weights and KV cache and its own compute
 * buffer. The limiting device is the one that runs out first. Always an estimate here.
 */
export function splitAcross(model: WhatIfModel, devices: WhatIfDevice[], contextSize: number, limit: number): SplitAnswer {
  const gpus = devices.map((d) => ({ name: d.name, weight: d.usableBytes }));
  const estimate = (ctx: number, flashAttention: boolean) => estimateFor(model, { contextSize: ctx, flashAttention, kv: 'f16', gpus });
  const perDevice = (e: MemoryEstimate) => devices.map((d, i) => ({ device: d, bytes: e.devices.find((x) => x.id === `gpu${i}`)?.totalBytes ?? 0, layers: e.devices.find((x) => x.id === `gpu${i}`)?.layers ?? 0 }));
  const fitsAll = (e: MemoryEstimate) => perDevice(e).every((p) => p.bytes <= p.device.usableBytes);
  const base = estimate(contextSize, true);
  const rows = perDevice(base);
  const limiting = rows.reduce((a, b) => (b.bytes / b.device.usableBytes > a.bytes / a.device.usableBytes ? b : a));
  const total = rows.reduce((s, r) => s + r.bytes, 0) || 1;
  const weights = (base.weightsBytes ?? 0) + base.kvCache.totalBytes;
  const sum = gpus.reduce((s, g) => s + g.weight, 0);
  return {
    tensorSplit: gpus.map((g) => Math.round((g.weight / sum) * 1000) / 1000),
    devices: rows.map((r) => ({ name: r.device.name, layers: r.layers, bytes: r.bytes, usableBytes: r.device.usableBytes })),
    contextSize,
    fits: fitsAll(base),
    maxContext: { on: largestContext((c) => fitsAll(estimate(c, true)), limit), off: largestContext((c) => fitsAll(estimate(c, false)), limit) },
    limitingDevice: limiting.device.name,
    // Layers run one device after another, so a token's time is the sum of each device's share.
    generationTokensPerSecond: estimateSpeed(rows.map((r) => ({ bytes: (weights * r.bytes) / total, bandwidthGBps: r.device.bandwidthGBps, where: r.device.name })), contextSize, ' Layer split: devices run in turn.'),
    label: 'Estimate: no such devices exist on this machine to measure a split on.',
  };
}
