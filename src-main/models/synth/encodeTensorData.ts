// Tensor bytes for synthetic weights: small uniform noise, deterministic from a seed.
// Formats follow ggml: q8_0 = f16 scale + 32 int8 (34 B per 32 weights), q4_0 = f16 scale + 16 bytes of nibbles (18 B per 32).

import { mulberry32 } from '../../../src-shared/domain/random/mulberry32.js';

export type SynthWeightType = 'f32' | 'f16' | 'q8_0' | 'q4_0';

/** ggml type ids and their block geometry. */
export const GGML_TYPES: Record<SynthWeightType, { id: number; blockSize: number; blockBytes: number }> = {
  f32: { id: 0, blockSize: 1, blockBytes: 4 },
  f16: { id: 1, blockSize: 1, blockBytes: 2 },
  q4_0: { id: 2, blockSize: 32, blockBytes: 18 },
  q8_0: { id: 8, blockSize: 32, blockBytes: 34 },
};

/** `general.file_type` (llama_ftype) for a file whose matrices use `type`. */
export const FILE_TYPES: Record<SynthWeightType, number> = { f32: 0, f16: 1, q4_0: 2, q8_0: 7 };

/** Bytes of a tensor of `elements` weights stored as `type` (elements must be whole blocks). */
export function tensorBytes(type: SynthWeightType, elements: number): number {
  const t = GGML_TYPES[type];
  return (elements / t.blockSize) * t.blockBytes;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half from a float (round to nearest; the values here are small and finite). */
export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  const mant = x & 0x7fffff;
  if (exp <= 0) {
    if (exp < -10) return sign;
    const m = (mant | 0x800000) >>> (1 - exp);
    return sign | ((m + 0x1000) >>> 13);
  }
  if (exp >= 31) return sign | 0x7c00;
  return sign | (exp << 10) | ((mant + 0x1000) >>> 13);
}

/**
 * A pool of encoded noise: `blocks` whole blocks of `type`. Tensors are cut from it at block
 * boundaries, so every slice is valid data and writing a large file costs only I/O.
 */
export function noisePool(type: SynthWeightType, blocks: number, seed: number, amplitude: number): Buffer {
  const t = GGML_TYPES[type];
  const buf = Buffer.alloc(blocks * t.blockBytes);
  const next = mulberry32(seed);
  const noise = () => (next() * 2 - 1) * amplitude;
  for (let b = 0; b < blocks; b++) {
    const at = b * t.blockBytes;
    if (type === 'f32') buf.writeFloatLE(noise(), at);
    else if (type === 'f16') buf.writeUInt16LE(toHalf(noise()), at);
    else if (type === 'q8_0') {
      buf.writeUInt16LE(toHalf(amplitude / 127), at);
      for (let i = 0; i < 32; i++) buf.writeInt8(Math.round(next() * 254) - 127, at + 2 + i);
    } else {
      buf.writeUInt16LE(toHalf(amplitude / 8), at);
      for (let i = 0; i < 16; i++) buf[at + 2 + i] = Math.floor(next() * 256);
    }
  }
  return buf;
}

/** A constant tensor (norm weights = 1, biases = 0) in f32. */
export function constantF32(elements: number, value: number): Buffer {
  const buf = Buffer.alloc(elements * 4);
  if (value !== 0) for (let i = 0; i < elements; i++) buf.writeFloatLE(value, i * 4);
  return buf;
}
