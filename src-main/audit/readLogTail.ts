import { open } from 'node:fs/promises';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import { runJournalctl } from './runJournalctl.js';

/** The most of a log a diagnosis reads: its end, where the last run is. */
export const LOG_TAIL_BYTES = 4 * 1024 * 1024;

/** The last {@link LOG_TAIL_BYTES} of a log file, opened read-only. */
export async function readFileTail(path: string, bytes = LOG_TAIL_BYTES): Promise<string> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HeadroomError(code === 'ENOENT' ? `No log at "${path}".` : `Cannot read "${path}": ${(error as Error).message}`, {
      code: code === 'ENOENT' ? 'log_not_found' : 'log_unreadable',
      hint: code === 'ENOENT' ? 'Check the path (headroom logs lists where each runtime keeps its log).' : "Check the file's permissions, or copy it somewhere readable.",
    });
  }
  try {
    const { size } = await file.stat();
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    // A cut in the middle of a line: drop the partial first line.
    return size > length ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    await file.close();
  }
}

/** The unit a `journalctl -u UNIT` log path names (how discovery lists journald), or null for a file. */
export function journalUnit(path: string): string | null {
  return /^journalctl -u (\S+)$/.exec(path)?.[1] ?? null;
}

/** The recent journal of a systemd unit (`journalctl -u UNIT`), read-only: this machine's, or a journal folder's. */
export function readJournal(unit: string, directory: string | null, lines = 20000): Promise<string> {
  return runJournalctl(['-u', unit, '--no-pager', '-o', 'cat', '-n', String(lines)], directory);
}
