/** How a worker process ended. */
export interface WorkerExit {
  code: number | null;
  signal: string | null;
}

/** A started worker, whatever started it (Node fork, Electron utility process). */
export interface WorkerProcess {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onStderr(listener: (text: string) => void): void;
  onExit(listener: (exit: WorkerExit) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

/** Options of a {@link WorkerLauncher}. */
export interface LaunchOptions {
  /** Extra environment for the worker (e.g. `GGML_VK_VISIBLE_DEVICES`). Defaults to none. */
  env?: Record<string, string>;
  /**
   * A command the worker is started through, such as `['prlimit', '--as=3000000000']`.
   * Defaults to none. Launchers that cannot wrap (Electron's utility process) fall back to a Node fork.
   */
  wrapper?: string[];
}

export type WorkerLauncher = (options?: LaunchOptions) => WorkerProcess;
