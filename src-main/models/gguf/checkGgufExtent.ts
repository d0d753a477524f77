import type { GGUFParseOutput } from '@huggingface/gguf';
import { ggmlTypeById, rowBytes } from '../../../src-shared/domain/memory/ggmlTypes.js';
import type { GgufTensor } from '../../../src-shared/domain/models/GgufSummary.js';
import { CORRUPT_HINT, GgufReadError } from './GgufReadError.js';

/** Options of {@link checkGgufExtent}. */
export interface CheckGgufExtentOptions {
  /** Skip tensors of a type this table does not know instead of refusing the file (the probe lets llama.cpp judge). Defaults to false. */
  skipUnknownTypes?: boolean;
}

/**
 * Checks that a parsed GGUF lies inside its file and returns its tensors. The parser reads past the end
 * of a cut file as zeros, so a file cut inside its header parses into empty tensor names and zero shapes:
 * the header's own end (where tensor data starts) is checked first, then where each tensor's data ends.
 */
export function checkGgufExtent(path: string, parsed: GGUFParseOutput, fileSize: number, options: CheckGgufExtentOptions = {}): GgufTensor[] {
  const dataStart = Number(parsed.tensorDataOffset);
  if (dataStart > fileSize) {
    throw new GgufReadError(path, `the file is truncated: it has ${fileSize} bytes, but its header alone (metadata and tensor list) runs to byte ${dataStart}.`, CORRUPT_HINT);
  }
  return parsed.tensorInfos.flatMap((t) => {
    const type = ggmlTypeById(Number(t.dtype));
    if (!type && options.skipUnknownTypes) return [];
    if (!type) throw new GgufReadError(path, `tensor "${t.name}" has unknown type id ${t.dtype}.`, 'The file may need a newer llama.cpp; otherwise it is damaged.');
    const shape = t.shape.map(Number);
    if (shape.length === 0 || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new GgufReadError(path, `tensor "${t.name}" has an invalid shape.`, CORRUPT_HINT);
    const rows = shape.slice(1).reduce((a, b) => a * b, 1);
    const bytes = rowBytes(type, shape[0]!) * rows;
    const end = dataStart + Number(t.offset) + bytes;
    if (!Number.isSafeInteger(end) || end > fileSize) {
      throw new GgufReadError(path, `tensor "${t.name}" ends at byte ${end} but the file has ${fileSize} bytes (truncated).`, CORRUPT_HINT);
    }
    return [{ name: t.name, type: type.name, shape, bytes }];
  });
}
