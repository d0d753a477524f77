import type { KvCacheType } from '../../contract/settings.js';
import { bytesPerElement, ggmlTypeByName } from '../memory/ggmlTypes.js';

/** Whether a K/V cache type is a block-quantized type (everything but the float types). */
export function isQuantizedKv(type: KvCacheType | undefined): boolean {
  return type !== undefined && kvBlockSize(type) > 1;
}

/** Elements per ggml block of a K/V cache type (1 for float types, 32 for q8_0 and the q4/q5 types). */
export function kvBlockSize(type: KvCacheType): number {
  return ggmlTypeByName(type)!.blockSize;
}

/** Bytes per element of a K/V cache type (e.g. 34/32 for q8_0). */
export function kvBytesPerElement(type: KvCacheType): number {
  return bytesPerElement(ggmlTypeByName(type)!);
}
