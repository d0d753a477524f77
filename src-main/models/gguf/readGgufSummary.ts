import { stat } from 'node:fs/promises';
import { gguf, type GGUFParseOutput } from '@huggingface/gguf';
import { geometryFromMetadata } from '../../../src-shared/domain/models/geometryFromMetadata.js';
import type { GgufSummary, GgufTensor } from '../../../src-shared/domain/models/GgufSummary.js';
import { isHeadroomError } from '../../../src-shared/errors/HeadroomError.js';
import { CORRUPT_HINT, GgufReadError } from './GgufReadError.js';
import { checkGgufExtent } from './checkGgufExtent.js';
import { ggufSummaryFields } from './ggufSummaryFields.js';
import { plain } from './metadataJson.js';
import { splitParts } from './splitParts.js';

/** Options of {@link readGgufSummary}. */
export interface ReadGgufSummaryOptions {
  /**
   * Say nothing about a path that is not a GGUF: missing, a folder, unreadable and not GGUF all get the same
   * message, so that a web page cannot map the disk through the errors. Defaults to false.
   */
  opaque?: boolean;
}

/**
 * Reads a GGUF file's metadata and tensor infos without its weights, and checks that they describe a
 * file that can exist: known tensor types, tensor data inside the file, sane sizes. Split files
 * (`-00001-of-00003.gguf`) are read part by part. Every failure is a {@link GgufReadError}.
 *
 * The parser is `@huggingface/gguf`: it bounds every count and string length it reads from the file
 * (node-llama-cpp's reader sizes buffers from unchecked lengths, and fuzzed headers crash it).
 */
export async function readGgufSummary(path: string, options: ReadGgufSummaryOptions = {}): Promise<GgufSummary> {
  const parts = splitParts(path);
  const [first, ...rest] = await Promise.all(parts.map((part) => (options.opaque ? opaquely(part, readPart(part)) : readPart(part))));
  const tensors = [first!, ...rest].flatMap((p) => p.tensors);
  const metadata = first!.parsed.metadata as unknown as Record<string, unknown>;
  let geometry;
  try {
    geometry = geometryFromMetadata(plain(metadata));
  } catch (error) {
    throw new GgufReadError(path, isHeadroomError(error) ? error.message : String(error), 'The file lacks metadata llama.cpp needs; it may be a GGUF for another tool (e.g. a CLIP projector or LoRA), not a model.', error);
  }
  return {
    path,
    sizeBytes: [first!, ...rest].reduce((s, p) => s + p.size, 0),
    parts,
    ...ggufSummaryFields(metadata, geometry, tensors),
  };
}

async function opaquely<T>(path: string, read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof GgufReadError && !error.isGguf) throw new GgufReadError(path, 'it is not a GGUF file that can be read here.', 'Give the path of a .gguf model file (the Models screen lists the ones found).');
    throw error;
  }
}

async function readPart(path: string): Promise<{ parsed: GGUFParseOutput; tensors: GgufTensor[]; size: number }> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new GgufReadError(path, 'it is not a regular file.', 'Give the path of a .gguf file.', undefined, false);
    size = info.size;
  } catch (error) {
    if (error instanceof GgufReadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new GgufReadError(path, code === 'ENOENT' ? 'the file does not exist.' : code === 'EACCES' ? 'permission denied.' : String(error),
      code === 'ENOENT' ? 'Check the path (for split files, every part must be in the same folder).' : 'Make the file readable by this user.', error, false);
  }
  if (size < 24) throw new GgufReadError(path, `it is only ${size} bytes long; a GGUF header needs at least 24.`, CORRUPT_HINT, undefined, false);
  let parsed: GGUFParseOutput;
  try {
    parsed = await gguf(path, { allowLocalFile: true });
  } catch (error) {
    throw new GgufReadError(path, describeParseError(error), CORRUPT_HINT, error, !/magic/i.test(String(error)));
  }
  return { parsed, tensors: checkGgufExtent(path, parsed, size), size };
}

export function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError || /offset|bounds|beyond/i.test(message)) return 'the header ends before it is complete (truncated file).';
  if (/magic/i.test(message)) return 'it does not start with the GGUF magic bytes (not a GGUF file).';
  return `its header is invalid (${message}).`;
}
