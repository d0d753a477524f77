import type { KvCacheType } from '../../contract/settings.js';

/** Whether a K/V cache type is a block-quantized type (everything but the float types). */
export function isQuantizedKv(type: KvCacheType | undefined): boolean {
  return type !== undefined && type !== 'f32' && type !== 'f16' && type !== 'bf16';
}

/** Bytes per element of each K/V cache type (ggml block size ÷ elements per block). */
export const KV_BYTES_PER_ELEMENT: Record<KvCacheType, number> = {
  f32: 4,
  f16: 2,
  bf16: 2,
  q8_0: 34 / 32,
  q5_1: 24 / 32,
  q5_0: 22 / 32,
  q4_1: 20 / 32,
  q4_0: 18 / 32,
  iq4_nl: 18 / 32,
};
