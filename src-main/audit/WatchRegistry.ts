import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { AuditRuntime } from '../../src-shared/contract/audit.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import type { EventBus } from '../ipc/EventBus.js';
import type { JournalWatcher } from './JournalWatcher.js';
import type { LogWatcher } from './LogWatcher.js';
import { openLogWatch } from './openLogWatch.js';
import { journalUnit } from './readLogTail.js';

/** The log watches the UI started, each pushing `audit:onWatchEvent` to every bridge. */
export class WatchRegistry {
  readonly #watches = new Map<string, LogWatcher | JournalWatcher>();

  constructor(private readonly events: EventBus) {}

  async start(path: string, runtime: AuditRuntime | null, journalDir?: string | null): Promise<string> {
    const isFile = journalUnit(path) === null;
    if (isFile && !(await stat(path).catch(() => null))?.isFile()) throw new HeadroomError(`No log file at "${path}".`, { code: 'log_not_found', hint: 'Pick a log from the list, or give the path of a file the runtime writes (e.g. llama-server --log-file).' });
    const watchId = randomUUID();
    const watcher = openLogWatch(path, { runtime, journalDir, onEvent: (e) => this.events.emit('audit:onWatchEvent', { ...e, watchId }), onEnd: () => this.#watches.delete(watchId) });
    this.#watches.set(watchId, watcher);
    await watcher.start();
    return watchId;
  }

  stop(watchId: string): boolean {
    const watcher = this.#watches.get(watchId);
    watcher?.stop();
    return this.#watches.delete(watchId);
  }
}
