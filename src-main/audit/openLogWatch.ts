import { JournalWatcher } from './JournalWatcher.js';
import { LogWatcher, type LogWatcherOptions } from './LogWatcher.js';
import { journalUnit } from './readLogTail.js';
import type { JournalError } from './JournalError.js';
import { journalDirectory } from './runJournalctl.js';

/** Options of {@link openLogWatch}: a file watch's, and for a journal its folder and its end. */
export interface OpenLogWatchOptions extends LogWatcherOptions {
  /** The journal folder of a `journalctl -u UNIT` path. Defaults to HEADROOM_JOURNAL_DIR, else this machine's journal. */
  journalDir?: string | null;
  /** Called if a journal follower stops by itself. */
  onEnd?: (error: JournalError) => void;
}

/** A watch on a log path as discovery lists it: a file, or `journalctl -u UNIT`. Not started. */
export function openLogWatch(path: string, options: OpenLogWatchOptions): LogWatcher | JournalWatcher {
  const unit = journalUnit(path);
  if (unit === null) return new LogWatcher(path, options);
  return new JournalWatcher(unit, { runtime: options.runtime, onEvent: options.onEvent, directory: journalDirectory(options.journalDir), ...(options.onEnd ? { onEnd: options.onEnd } : {}), ...(options.windowLines ? { windowLines: options.windowLines } : {}) });
}
