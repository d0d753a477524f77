import { stat } from 'node:fs/promises';
import { gguf, type GGUFParseOutput } from '@huggingface/gguf';
import { ggmlTypeById, rowBytes, FILE_TYPE_LABELS } from '../../../src-shared/domain/memory/ggmlTypes.js';
import { geometryFromMetadata } from '../../../src-shared/domain/models/geometryFromMetadata.js';
import type { GgufSummary, GgufTensor } from '../../../src-shared/domain/models/GgufSummary.js';
import { isHeadroomError } from '../../../src-shared/errors/HeadroomError.js';
import { CORRUPT_HINT, GgufReadError } from './GgufReadError.js';
import { splitParts } from './splitParts.js';

const ARRAY_PREVIEW = 16;

/**
 * Reads a GGUF file's metadata and tensor infos without its weights, and checks that they describe a
 * file that can exist: known tensor types, tensor data inside the file, sane sizes. Split files
 * (`-00001-of-00003.gguf`) are read part by part. Every failure is a {@link GgufReadError}.
 *
 * The parser is `@huggingface/gguf`: it bounds every count and string length it reads from the file
 * (node-llama-cpp's reader sizes buffers from unchecked lengths, and fuzzed headers crash it).
 */
export async function readGgufSummary(path: string): Promise<GgufSummary> {
  const parts = splitParts(path);
  const [first, ...rest] = await Promise.all(parts.map((part) => readPart(part)));
  const tensors = [first!, ...rest].flatMap((p) => p.tensors);
  const metadata = first!.parsed.metadata as unknown as Record<string, unknown>;
  let geometry;
  try {
    geometry = geometryFromMetadata(plain(metadata));
  } catch (error) {
    throw new GgufReadError(path, isHeadroomError(error) ? error.message : String(error), 'The file lacks metadata llama.cpp needs; it may be a GGUF for another tool (e.g. a CLIP projector or LoRA), not a model.', error);
  }
  const fileType = metadata['general.file_type'];
  return {
    path,
    sizeBytes: [first!, ...rest].reduce((s, p) => s + p.size, 0),
    parts,
    version: Number(metadata.version),
    name: typeof metadata['general.name'] === 'string' ? metadata['general.name'] : null,
    architecture: geometry.architecture,
    fileType: typeof fileType === 'number' ? (FILE_TYPE_LABELS[fileType] ?? `type ${fileType}`) : null,
    parameterCount: tensors.reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1), 0),
    tensorCount: tensors.length,
    tensorBytes: tensors.reduce((s, t) => s + t.bytes, 0),
    geometry,
    metadata: preview(metadata),
    tensors,
    synthetic: metadata['headroom.synthetic'] === true,
  };
}

async function readPart(path: string): Promise<{ parsed: GGUFParseOutput; tensors: GgufTensor[]; size: number }> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new GgufReadError(path, 'it is not a regular file.', 'Give the path of a .gguf file.');
    size = info.size;
  } catch (error) {
    if (error instanceof GgufReadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new GgufReadError(path, code === 'ENOENT' ? 'the file does not exist.' : code === 'EACCES' ? 'permission denied.' : String(error),
      code === 'ENOENT' ? 'Check the path (for split files, every part must be in the same folder).' : 'Make the file readable by this user.', error);
  }
  if (size < 24) throw new GgufReadError(path, `it is only ${size} bytes long; a GGUF header needs at least 24.`, CORRUPT_HINT);
  let parsed: GGUFParseOutput;
  try {
    parsed = await gguf(path, { allowLocalFile: true });
  } catch (error) {
    throw new GgufReadError(path, describeParseError(error), CORRUPT_HINT, error);
  }
  return { parsed, tensors: checkTensors(path, parsed, size), size };
}

export function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError || /offset|bounds|beyond/i.test(message)) return 'the header ends before it is complete (truncated file).';
  if (/magic/i.test(message)) return 'it does not start with the GGUF magic bytes (not a GGUF file).';
  return `its header is invalid (${message}).`;
}

export function checkTensors(path: string, parsed: GGUFParseOutput, fileSize: number): GgufTensor[] {
  const dataStart = Number(parsed.tensorDataOffset);
  return parsed.tensorInfos.map((t) => {
    const type = ggmlTypeById(Number(t.dtype));
    if (!type) throw new GgufReadError(path, `tensor "${t.name}" has unknown type id ${t.dtype}.`, 'The file may need a newer llama.cpp; otherwise it is damaged.');
    const shape = t.shape.map(Number);
    if (shape.length === 0 || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new GgufReadError(path, `tensor "${t.name}" has an invalid shape.`, CORRUPT_HINT);
    const rows = shape.slice(1).reduce((a, b) => a * b, 1);
    const bytes = rowBytes(type, shape[0]!) * rows;
    const end = dataStart + Number(t.offset) + bytes;
    if (!Number.isSafeInteger(end) || end > fileSize) {
      throw new GgufReadError(path, `tensor "${t.name}" ends at byte ${end} but the file has ${fileSize} bytes (truncated).`, CORRUPT_HINT);
    }
    return { name: t.name, type: type.name, shape, bytes };
  });
}

/** Metadata with bigints as numbers, as geometryFromMetadata expects. */
export function plain(metadata: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
}

/** JSON-safe metadata for people: bigints as numbers, long arrays cut to a preview with their length. */
export function preview(metadata: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(plain(metadata)).map(([k, v]) => {
    if (Array.isArray(v) && v.length > ARRAY_PREVIEW) return [k, { length: v.length, first: v.slice(0, ARRAY_PREVIEW).map(jsonSafe) }];
    return [k, jsonSafe(v)];
  }));
}

function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (Array.isArray(v)) return v.map(jsonSafe);
  return v;
}
