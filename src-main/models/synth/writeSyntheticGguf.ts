import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { serializeGgufMetadata } from '@huggingface/gguf';
import type { ModelGeometry } from '../../../src-shared/domain/models/ModelGeometry.js';
import { constantF32, FILE_TYPES, GGML_TYPES, noisePool, tensorBytes, type SynthWeightType } from './encodeTensorData.js';
import { ensureDir } from '../../storage/ensureDir.js';
import { syntheticMetadata } from './syntheticMetadata.js';
import { MIN_VOCAB_SIZE, syntheticVocab } from './syntheticVocab.js';
import { SYNTH_ARCHITECTURES, tensorPlan, type TensorSpec } from '../../../src-shared/domain/models/tensorPlan.js';

/** Options of {@link writeSyntheticGguf}. */
export interface SyntheticGgufOptions {
  /** The shape to write (a preset's, one read from a real model, or one built from flags). */
  geometry: ModelGeometry;
  /** Where to write the file. Written to `<outPath>.partial` first and renamed when complete. */
  outPath: string;
  /** Type of the weight matrices; norms and biases are always f32. Defaults to `q4_0`. */
  weightType?: SynthWeightType;
  /** Seed of the noise; the same options give the same bytes. Defaults to 1. */
  seed?: number;
  /** `general.name`. Defaults to `synthetic <architecture>`. */
  name?: string;
  /** The preset the geometry came from, recorded in the file. Defaults to none. */
  preset?: string | null;
  /** The depth of the original model when the geometry was cut with `scaleDepth`. Defaults to none. */
  originalLayers?: number | null;
  /** Called as tensor data is written. */
  onProgress?: (writtenBytes: number, totalBytes: number) => void;
  /** Stops the write and removes the partial file. */
  signal?: AbortSignal;
}

/** What was written. */
export interface SyntheticModelInfo {
  path: string;
  geometry: ModelGeometry;
  weightType: SynthWeightType;
  seed: number;
  sizeBytes: number;
  tensorCount: number;
  parameterCount: number;
  /** Bytes of tensor data, as the geometry and types predict. */
  tensorDataBytes: number;
}

const ALIGNMENT = 32;
const POOL_BLOCKS = 1 << 16;
const CHUNK_BYTES = 8 << 20;

interface PlacedTensor extends TensorSpec {
  type: SynthWeightType;
  offset: number;
  bytes: number;
}

const pad = (n: number) => Math.ceil(n / ALIGNMENT) * ALIGNMENT;

/**
 * Writes a valid GGUF with random small-magnitude weights and `geometry`, streaming tensor data
 * so that a full-size preset never needs the file in memory. The header and metadata are encoded
 * by `@huggingface/gguf`; tensor infos and data by this module.
 */
export async function writeSyntheticGguf(options: SyntheticGgufOptions): Promise<SyntheticModelInfo> {
  const { geometry, outPath } = options;
  const weightType = options.weightType ?? 'q4_0';
  const seed = options.seed ?? 1;
  checkGeometry(geometry);
  const tensors = place(tensorPlan(geometry), weightType);
  const vocab = syntheticVocab(geometry.vocabSize);
  const metadata = syntheticMetadata(geometry, vocab, {
    name: options.name ?? `synthetic ${geometry.architecture}`,
    fileType: FILE_TYPES[weightType],
    seed,
    preset: options.preset ?? null,
    originalLayers: options.originalLayers ?? null,
  }, tensors.length);
  const kvBytes = serializeGgufMetadata(metadata, { alignment: 1 });
  const infoBytes = tensorInfos(tensors);
  const headerBytes = pad(kvBytes.length + infoBytes.length);
  const dataBytes = tensors.reduce((sum, t) => Math.max(sum, t.offset + pad(t.bytes)), 0);

  await ensureDir(dirname(outPath));
  const partial = `${outPath}.partial`;
  const file = await open(partial, 'w');
  try {
    await file.write(Buffer.concat([kvBytes, infoBytes, Buffer.alloc(headerBytes - kvBytes.length - infoBytes.length)]));
    await writeData(file, tensors, seed, dataBytes, options);
    await file.close();
    await rename(partial, outPath);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
  return {
    path: outPath,
    geometry,
    weightType,
    seed,
    sizeBytes: headerBytes + dataBytes,
    tensorCount: tensors.length,
    parameterCount: tensors.reduce((sum, t) => sum + elementsOf(t), 0),
    tensorDataBytes: dataBytes,
  };
}

function checkGeometry(g: ModelGeometry): void {
  if (!(SYNTH_ARCHITECTURES as readonly string[]).includes(g.architecture)) {
    throw new RangeError(`cannot write architecture "${g.architecture}"; supported: ${SYNTH_ARCHITECTURES.join(', ')}`);
  }
  if (g.vocabSize < MIN_VOCAB_SIZE) throw new RangeError(`vocab size ${g.vocabSize} is below the minimum of ${MIN_VOCAB_SIZE}`);
  if (g.ssm) throw new RangeError('recurrent (SSM) layers cannot be written yet');
}

const elementsOf = (t: TensorSpec) => t.shape.reduce((a, b) => a * b, 1);

function place(specs: TensorSpec[], weightType: SynthWeightType): PlacedTensor[] {
  let offset = 0;
  return specs.map((spec) => {
    const blockSize = GGML_TYPES[weightType].blockSize;
    // Quantized blocks run along ne0; rows that do not fill whole blocks stay in f16, as llama-quantize does.
    const type: SynthWeightType = spec.fill !== 'noise' ? 'f32' : spec.shape[0]! % blockSize === 0 ? weightType : 'f16';
    const bytes = tensorBytes(type, elementsOf(spec));
    const placed = { ...spec, type, offset, bytes };
    offset += pad(bytes);
    return placed;
  });
}

function tensorInfos(tensors: PlacedTensor[]): Buffer {
  const parts: Buffer[] = [];
  for (const t of tensors) {
    const name = Buffer.from(t.name, 'utf8');
    const b = Buffer.alloc(8 + name.length + 4 + 8 * t.shape.length + 4 + 8);
    let at = b.writeBigUInt64LE(BigInt(name.length), 0);
    at += name.copy(b, at);
    at = b.writeUInt32LE(t.shape.length, at);
    for (const d of t.shape) at = b.writeBigUInt64LE(BigInt(d), at);
    at = b.writeUInt32LE(GGML_TYPES[t.type].id, at);
    b.writeBigUInt64LE(BigInt(t.offset), at);
    parts.push(b);
  }
  return Buffer.concat(parts);
}

type FileHandle = Awaited<ReturnType<typeof open>>;

async function writeData(file: FileHandle, tensors: PlacedTensor[], seed: number, total: number, options: SyntheticGgufOptions): Promise<void> {
  const pools = new Map<SynthWeightType, Buffer>();
  const pool = (type: SynthWeightType) => {
    let p = pools.get(type);
    if (!p) pools.set(type, (p = noisePool(type, POOL_BLOCKS, seed * 31 + GGML_TYPES[type].id, 0.05)));
    return p;
  };
  let written = 0;
  for (const [index, t] of tensors.entries()) {
    options.signal?.throwIfAborted();
    const body = t.fill === 'noise' ? null : constantF32(elementsOf(t), t.fill === 'one' ? 1 : 0);
    if (body) await file.write(body);
    else await writeNoise(file, pool(t.type), GGML_TYPES[t.type].blockBytes, t.bytes, index, options.signal);
    const padding = pad(t.bytes) - t.bytes;
    if (padding > 0) await file.write(Buffer.alloc(padding));
    written += pad(t.bytes);
    options.onProgress?.(written, total);
  }
}

/** Streams `bytes` of noise from the pool, starting at a block that depends on the tensor. */
async function writeNoise(file: FileHandle, pool: Buffer, blockBytes: number, bytes: number, index: number, signal?: AbortSignal): Promise<void> {
  const blocks = pool.length / blockBytes;
  let start = ((index * 7919) % blocks) * blockBytes;
  let left = bytes;
  while (left > 0) {
    signal?.throwIfAborted();
    const take = Math.min(left, pool.length - start, CHUNK_BYTES);
    await file.write(pool.subarray(start, start + take));
    left -= take;
    start = (start + take) % pool.length;
  }
}
