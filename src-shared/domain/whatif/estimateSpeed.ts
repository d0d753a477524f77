import type { SpeedEstimate } from '../../contract/whatif.js';

/**
 * Share of peak memory bandwidth that llama.cpp's token generation reaches. Published llama-bench tg128 on an
 * RTX 3090 (936 GB/s) for LLaMA 7B: 121.82 t/s at Q4_0 (3.56 GiB read per token: 0.49 of peak) and 48.52 t/s
 * at F16 (12.55 GiB: 0.70 of peak), ggml-org/llama.cpp#4766. The estimate takes 0.6 and states 0.45–0.75.
 */
export const BANDWIDTH_EFFICIENCY = { value: 0.6, low: 0.45, high: 0.75 };

/** Bytes a token reads from one pool of memory, and that memory's peak bandwidth. */
export interface MemoryRead {
  bytes: number;
  bandwidthGBps: number;
  where: string;
}

/**
 * Generation speed from memory bandwidth: every generated token reads the weights it uses and the KV
 * cache up to its depth, so seconds per token = Σ bytes / (bandwidth × efficiency). An estimate, never a
 * measurement; the basis says what went in.
 */
export function estimateSpeed(reads: MemoryRead[], contextSize: number, extra = ''): SpeedEstimate {
  const used = reads.filter((r) => r.bytes > 0);
  const bytesPerToken = used.reduce((s, r) => s + r.bytes, 0);
  const seconds = (efficiency: number) => used.reduce((s, r) => s + r.bytes / (r.bandwidthGBps * 1e9 * efficiency), 0);
  const rate = (efficiency: number) => (bytesPerToken > 0 ? round(1 / seconds(efficiency)) : null);
  const parts = used.map((r) => `${(r.bytes / 2 ** 30).toFixed(2)} GiB from ${r.where} at ${r.bandwidthGBps} GB/s`).join(' + ');
  return {
    value: rate(BANDWIDTH_EFFICIENCY.value),
    low: rate(BANDWIDTH_EFFICIENCY.low),
    high: rate(BANDWIDTH_EFFICIENCY.high),
    basis: `Estimate, not measured: each token reads ${parts} (weights used per token + KV cache at ${contextSize} tokens); tok/s = bandwidth × ${BANDWIDTH_EFFICIENCY.value} / bytes (range ${BANDWIDTH_EFFICIENCY.low}–${BANDWIDTH_EFFICIENCY.high}: the share of peak bandwidth llama-bench tg128 reached on an RTX 3090, ggml-org/llama.cpp#4766).${extra}`,
    bytesPerToken,
    contextSize,
  };
}

const round = (x: number) => Math.round(x * 10) / 10;
