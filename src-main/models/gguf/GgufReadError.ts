import { HeadroomError } from '../../../src-shared/errors/HeadroomError.js';

/** A GGUF file that cannot be read: the message names the file and what is wrong with it. */
export class GgufReadError extends HeadroomError {
  override name = 'GgufReadError';
  readonly path: string;
  /** False when the file was not found to be a GGUF at all (missing, not a file, no magic bytes). */
  readonly isGguf: boolean;
  constructor(path: string, problem: string, hint: string, cause?: unknown, isGguf = true) {
    super(`Cannot read GGUF file ${path}: ${problem}`, { code: 'gguf_read', hint, cause });
    this.path = path;
    this.isGguf = isGguf;
  }
}

export const CORRUPT_HINT = 'The file is damaged or incomplete (an interrupted download?). Download it again, or check it with `sha256sum` against the source.';
