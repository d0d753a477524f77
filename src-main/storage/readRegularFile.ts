import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';

/** A path that is not a regular file of a sane size: a folder, a device, a FIFO, or too large. */
export class FileRefusedError extends HeadroomError {
  override name = 'FileRefusedError';
  constructor(message: string, hint: string, cause?: unknown) {
    super(message, { code: 'file_refused', hint, cause });
  }
}

/** Options of {@link readRegularFile}. */
export interface ReadRegularFileOptions {
  /** Refuse files larger than this. */
  maxBytes: number;
  /** What the file should be, for messages ("a probe file"). */
  what: string;
  /** What to pass instead, for the hint. */
  hint: string;
}

/**
 * Reads a whole file, but only a regular file of at most `maxBytes`. It opens without blocking and
 * checks the open descriptor, so a FIFO cannot stall the caller and `/dev/zero` cannot fill memory,
 * and a file swapped between a check and the read is still the file that was checked.
 */
export function readRegularFile(path: string, options: ReadRegularFileOptions): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : `it cannot be opened (${code ?? String(error)})`;
    throw new FileRefusedError(`Cannot read ${path} as ${options.what}: ${problem}.`, options.hint, error);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new FileRefusedError(`${path} is ${kindOf(info)}, not ${options.what}.`, options.hint);
    if (info.size > options.maxBytes) throw new FileRefusedError(`${path} is ${info.size} bytes, more than ${options.what} can be (at most ${options.maxBytes}).`, options.hint);
    return readAll(fd, info.size, options.maxBytes);
  } finally {
    closeSync(fd);
  }
}

function readAll(fd: number, size: number, max: number): Buffer {
  // The size can grow while we read (a file being appended to): read to the end, within the limit.
  const buffer = Buffer.alloc(Math.min(max, size + 65_536));
  let length = 0;
  for (;;) {
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    length += read;
    if (read === 0 || length === buffer.length) break;
  }
  return buffer.subarray(0, length);
}

function kindOf(info: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}
