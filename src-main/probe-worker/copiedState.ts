import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

// llama.cpp's sequence state file (llama_state_seq_save_file, LLAMA_STATE_SEQ_VERSION 3, llama-kv-cache.cpp
// state_write): magic, version, token count, tokens; then per stream a cell count, per cell its position, its
// sequence count and ids; then v_trans, the layer count, each layer's K rows, each layer's V rows (or V
// transposed: per embedding dimension, one element per cell). A `copy` step reads the state of a batch it
// really evaluated and writes one of `depth` cells whose rows cycle through those real rows, for llama.cpp to
// load: the cache is filled to the far end without evaluating the depth.

const MAGIC = 0x67677371; // 'ggsq'
const VERSION = 3;
const CELL_META_BYTES = 12; // pos (i32), n_seq_id (u32) = 1, seq_id (i32)

/** The parts of a one-sequence state that a copy needs. */
export interface SequenceState {
  tokens: Uint32Array;
  cells: number;
  vTrans: number;
  layersK: { header: Buffer; rows: Buffer; rowBytes: number }[];
  /** Not transposed: one row per cell. Transposed: `dims` runs of one element per cell. */
  layersV: { header: Buffer; data: Buffer; rowBytes: number; dims: number }[];
}

/** Thrown when the file is not the layout above (another llama.cpp version): the step reports it, not guesses. */
export class StateFormatError extends Error {
  override name = 'StateFormatError';
}

export function readSequenceState(path: string): SequenceState {
  const buf = readFileSync(path);
  let at = 0;
  const u32 = () => ((at += 4), buf.readUInt32LE(at - 4));
  const take = (bytes: number) => ((at += bytes), buf.subarray(at - bytes, at));
  if (u32() !== MAGIC || u32() !== VERSION) throw new StateFormatError('not a version-3 llama.cpp sequence state');
  const tokenCount = u32();
  const tokens = new Uint32Array(tokenCount);
  for (let i = 0; i < tokenCount; i++) tokens[i] = u32();
  if (u32() !== 1) throw new StateFormatError('more than one KV stream');
  const cells = u32();
  for (let i = 0; i < cells; i++) if (buf.readUInt32LE(at + i * CELL_META_BYTES + 4) !== 1) throw new StateFormatError('a cell with other than one sequence');
  at += cells * CELL_META_BYTES;
  const vTrans = u32();
  const layers = u32();
  const layersK = Array.from({ length: layers }, () => {
    const header = take(12);
    const rowBytes = Number(header.readBigUInt64LE(4));
    return { header, rows: take(rowBytes * cells), rowBytes };
  });
  const layersV = Array.from({ length: layers }, () => {
    if (!vTrans) {
      const header = take(12);
      const rowBytes = Number(header.readBigUInt64LE(4));
      return { header, data: take(rowBytes * cells), rowBytes, dims: 1 };
    }
    const header = take(12);
    const element = header.readUInt32LE(4);
    const dims = header.readUInt32LE(8);
    return { header, data: take(element * dims * cells), rowBytes: element, dims };
  });
  if (at !== buf.length) throw new StateFormatError(`the layout read ${at} bytes of ${buf.length}`);
  return { tokens, cells, vTrans, layersK, layersV };
}

/** The bytes a state of `depth` cells takes, and the largest single read llama.cpp makes loading it (one layer's K rows). */
export function copiedStateSize(seed: SequenceState, depth: number): { fileBytes: number; largestReadBytes: number } {
  const perCell = seed.layersK.reduce((s, l) => s + l.rowBytes, 0) + seed.layersV.reduce((s, l) => s + l.rowBytes * l.dims, 0) + CELL_META_BYTES + 4;
  return { fileBytes: perCell * depth, largestReadBytes: Math.max(...seed.layersK.map((l) => l.rowBytes * depth), ...seed.layersV.map((l) => l.rowBytes * depth)) };
}

/** Writes a state of `depth` cells (positions 0…depth−1) whose rows cycle through the seed's, in chunks. */
export function writeCopiedState(path: string, seed: SequenceState, depth: number): void {
  const fd = openSync(path, 'w');
  try {
    const head = Buffer.alloc(12);
    head.writeUInt32LE(MAGIC, 0);
    head.writeUInt32LE(VERSION, 4);
    head.writeUInt32LE(depth, 8);
    writeSync(fd, head);
    writeCycled(fd, Buffer.from(seed.tokens.buffer, seed.tokens.byteOffset, seed.tokens.byteLength), 4, depth);
    const streams = Buffer.alloc(8);
    streams.writeUInt32LE(1, 0);
    streams.writeUInt32LE(depth, 4);
    writeSync(fd, streams);
    writeMeta(fd, depth);
    const layout = Buffer.alloc(8);
    layout.writeUInt32LE(seed.vTrans, 0);
    layout.writeUInt32LE(seed.layersK.length, 4);
    writeSync(fd, layout);
    for (const layer of seed.layersK) {
      writeSync(fd, layer.header);
      writeCycled(fd, layer.rows, layer.rowBytes, depth);
    }
    for (const layer of seed.layersV) {
      writeSync(fd, layer.header);
      const run = layer.rowBytes * seed.cells;
      for (let d = 0; d < layer.dims; d++) writeCycled(fd, layer.data.subarray(d * run, (d + 1) * run), layer.rowBytes, depth);
    }
  } finally {
    closeSync(fd);
  }
}

/** Chunks of a few MiB keep the writer's own memory small next to what it measures. */
const CHUNK_BYTES = 4 * 2 ** 20;

function writeCycled(fd: number, rows: Buffer, rowBytes: number, count: number): void {
  const have = rows.length / rowBytes;
  const perChunk = Math.max(have, Math.floor(CHUNK_BYTES / rowBytes / have) * have);
  const chunk = Buffer.alloc(perChunk * rowBytes);
  for (let i = 0; i < perChunk; i += have) rows.copy(chunk, i * rowBytes);
  for (let written = 0; written < count; written += perChunk) writeSync(fd, chunk, 0, Math.min(perChunk, count - written) * rowBytes);
}

function writeMeta(fd: number, count: number): void {
  const perChunk = 65536;
  const chunk = Buffer.alloc(perChunk * CELL_META_BYTES);
  for (let start = 0; start < count; start += perChunk) {
    const n = Math.min(perChunk, count - start);
    for (let i = 0; i < n; i++) {
      chunk.writeInt32LE(start + i, i * CELL_META_BYTES);
      chunk.writeUInt32LE(1, i * CELL_META_BYTES + 4);
      chunk.writeInt32LE(0, i * CELL_META_BYTES + 8);
    }
    writeSync(fd, chunk, 0, n * CELL_META_BYTES);
  }
}
