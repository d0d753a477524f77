import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { AuditRuntime } from '../../src-shared/contract/audit.js';
import { knowledgeBase } from '../knowledge/loadKnowledgeBase.js';
import { FailureWindow } from './FailureWindow.js';
import { JournalError } from './JournalError.js';
import type { WatchEvent } from './LogWatcher.js';
import { journalSource, runJournalctl } from './runJournalctl.js';

/** Options of {@link JournalWatcher}. */
export interface JournalWatcherOptions {
  runtime: AuditRuntime | null;
  onEvent: (event: WatchEvent) => void;
  /** A journal folder (`journalctl --directory`), or null for this machine's journal. */
  directory: string | null;
  /** Called once if journalctl stops following by itself (not after {@link JournalWatcher.stop}). */
  onEnd?: (error: JournalError) => void;
  /** Lines of the current run kept for diagnosis. Defaults to 500. */
  windowLines?: number;
}

/**
 * Follows a systemd unit's journal (`journalctl -u UNIT --follow`) and raises a diagnosis when new
 * entries match a knowledge-base entry, like {@link LogWatcher} does for a file. Only reads the journal.
 */
export class JournalWatcher {
  readonly path: string;
  readonly #window: FailureWindow;
  #child: ChildProcessByStdio<null, Readable, Readable> | null = null;
  #partial = '';
  #stopped = false;

  constructor(
    readonly unit: string,
    private readonly options: JournalWatcherOptions,
  ) {
    this.path = `journalctl -u ${unit}`;
    this.#window = new FailureWindow(options.runtime, options.windowLines);
  }

  /** Starts after the newest entry: what was there before is not news. */
  async start(): Promise<void> {
    knowledgeBase();
    // A missing journal, a refused permission or no journalctl are said now, clearly, not by a follower that dies.
    await runJournalctl(['-u', this.unit, '--no-pager', '-o', 'cat', '-n', '0'], this.options.directory);
    const child = spawn('journalctl', [...journalSource(this.options.directory), '-u', this.unit, '--no-pager', '-o', 'cat', '-n', '0', '--follow'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
    child.stdout.setEncoding('utf8').on('data', (d: string) => this.#read(d));
    child.on('error', (error) => this.#end(error.message, error));
    child.on('exit', (code, signal) => this.#end(stderr.trim() || `journalctl exited (${code ?? signal})`));
    // Unreferenced, like LogWatcher's timer: a watch never keeps the process alive by itself.
    child.unref();
    // Pipes to a child are sockets.
    (child.stdout as unknown as Socket).unref();
    (child.stderr as unknown as Socket).unref();
    this.options.onEvent({ event: 'watching', path: this.path, runtime: this.options.runtime, at: new Date().toISOString() });
  }

  stop(): void {
    this.#stopped = true;
    this.#child?.kill();
  }

  #read(chunk: string): void {
    const lines = (this.#partial + chunk).split('\n');
    this.#partial = lines.pop() ?? '';
    if (lines.length === 0) return;
    const failure = this.#window.push(lines);
    if (failure) this.options.onEvent({ event: 'diagnosis', path: this.path, at: new Date().toISOString(), ...failure });
  }

  #end(why: string, cause?: unknown): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.options.onEnd?.(new JournalError('journal_follow_ended', `journalctl stopped following ${this.path}: ${why}`, 'Start the watch again; if it stops again, run the same journalctl -f yourself to see why.', cause));
  }
}
