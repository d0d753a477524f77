import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { AuditRuntime } from '../../src-shared/contract/audit.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import type { EventBus } from '../ipc/EventBus.js';
import { LogWatcher } from './LogWatcher.js';

/** The log watches the UI started, each pushing `audit:onWatchEvent` to every bridge. */
export class WatchRegistry {
  readonly #watches = new Map<string, LogWatcher>();

  constructor(private readonly events: EventBus) {}

  async start(path: string, runtime: AuditRuntime | null): Promise<string> {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new HeadroomError(`No log file at "${path}".`, { code: 'log_not_found', hint: 'Pick a log from the list, or give the path of a file the runtime writes (e.g. llama-server --log-file).' });
    const watchId = randomUUID();
    const watcher = new LogWatcher(path, { runtime, onEvent: (e) => this.events.emit('audit:onWatchEvent', { ...e, watchId }) });
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
