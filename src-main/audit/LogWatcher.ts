import { watch, type FSWatcher } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { AuditRuntime, WatchEvent as ContractWatchEvent } from '../../src-shared/contract/audit.js';
import { knowledgeBase } from '../knowledge/loadKnowledgeBase.js';
import { FailureWindow } from './FailureWindow.js';

/** What a watch reports (the contract's event, before a registry names the watch). */
export type WatchEvent = ContractWatchEvent extends infer E ? (E extends ContractWatchEvent ? Omit<E, 'watchId'> : never) : never;

/** Options of {@link LogWatcher}. */
export interface LogWatcherOptions {
  runtime: AuditRuntime | null;
  onEvent: (event: WatchEvent) => void;
  /** How often the file is checked besides file-system notifications. Defaults to 100 ms. */
  pollMs?: number;
  /** Lines of the current run kept for diagnosis. Defaults to 500. */
  windowLines?: number;
}

/**
 * Follows a log as `tail -F` does (a rotated or truncated file is read again from its start), and
 * raises a diagnosis when newly appended lines match a knowledge-base entry. Only reads the file.
 */
export class LogWatcher {
  #offset = 0;
  #ino: number | null = null;
  #partial = '';
  readonly #window: FailureWindow;
  #timer: NodeJS.Timeout | null = null;
  #watcher: FSWatcher | null = null;
  #busy = false;
  #again = false;

  constructor(
    readonly path: string,
    private readonly options: LogWatcherOptions,
  ) {
    this.#window = new FailureWindow(options.runtime, options.windowLines);
  }

  /** Starts at the end of the file: what was there before is not news. */
  async start(): Promise<void> {
    // Compile the knowledge base now, not on the first failure: the diagnosis must follow within a second.
    knowledgeBase();
    try {
      const info = await stat(this.path);
      this.#offset = info.size;
      this.#ino = info.ino;
    } catch {
      this.#offset = 0;
    }
    this.options.onEvent({ event: 'watching', path: this.path, runtime: this.options.runtime, at: new Date().toISOString() });
    // Unreferenced: a watch never keeps the process alive by itself (serve and the app exit when asked).
    this.#timer = setInterval(() => void this.#check(), this.options.pollMs ?? 100).unref();
    try {
      // The folder, so a file re-created by rotation is noticed too.
      this.#watcher = watch(dirname(this.path), (_type, name) => {
        if (name === null || name === basename(this.path)) void this.#check();
      }).unref();
    } catch {
      // polling alone
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#watcher?.close();
  }

  async #check(): Promise<void> {
    if (this.#busy) return void (this.#again = true);
    this.#busy = true;
    try {
      do {
        this.#again = false;
        await this.#read();
      } while (this.#again);
    } finally {
      this.#busy = false;
    }
  }

  async #read(): Promise<void> {
    let info;
    try {
      info = await stat(this.path);
    } catch {
      return; // rotated away; the new file is not there yet
    }
    if ((this.#ino !== null && info.ino !== this.#ino) || info.size < this.#offset) {
      this.#ino = info.ino;
      this.#offset = 0;
      this.#partial = '';
      this.#window.reset();
      this.options.onEvent({ event: 'rotated', path: this.path, at: new Date().toISOString() });
    }
    this.#ino = info.ino;
    if (info.size === this.#offset) return;
    const file = await open(this.path, 'r');
    let chunk: string;
    try {
      const buffer = Buffer.alloc(info.size - this.#offset);
      const { bytesRead } = await file.read(buffer, 0, buffer.length, this.#offset);
      this.#offset += bytesRead;
      chunk = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await file.close();
    }
    const lines = (this.#partial + chunk).split('\n');
    this.#partial = lines.pop() ?? '';
    if (lines.length > 0) this.#append(lines);
  }

  #append(lines: string[]): void {
    const failure = this.#window.push(lines);
    if (failure) this.options.onEvent({ event: 'diagnosis', path: this.path, at: new Date().toISOString(), ...failure });
  }
}
