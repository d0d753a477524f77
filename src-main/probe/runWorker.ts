import { WorkerMessageSchema, type WorkerMessage, type WorkerRequest } from '../../src-shared/contract/worker.js';
import { LineTail } from './LineTail.js';
import type { LaunchOptions, WorkerExit, WorkerLauncher } from './WorkerLauncher.js';

/** Options of {@link runWorker}. */
export interface RunWorkerOptions extends LaunchOptions {
  /** Kill the worker after this long. Defaults to 10 minutes. */
  timeoutMs?: number;
  /** Called for every valid message, as it arrives. */
  onMessage?: (message: WorkerMessage) => void;
  /** Aborting kills the worker; the run still resolves with what it had. */
  signal?: AbortSignal;
  /** How many trailing stderr lines to keep. Defaults to 60. */
  stderrLines?: number;
  /** Called with the worker's pid once it is ready, before the request goes out (e.g. to put it in a cgroup). */
  beforeRequest?: (pid: number) => void;
}

/** Everything a finished worker left behind: a crash is data, not an exception. */
export interface WorkerRun {
  messages: WorkerMessage[];
  exit: WorkerExit;
  timedOut: boolean;
  aborted: boolean;
  stderrTail: string[];
  durationMs: number;
}

/** Starts one worker, sends it one request, and resolves when it has exited, however it exits. */
export function runWorker(launch: WorkerLauncher, request: WorkerRequest, options: RunWorkerOptions = {}): Promise<WorkerRun> {
  const started = performance.now();
  const worker = launch({ env: options.env, wrapper: options.wrapper });
  const messages: WorkerMessage[] = [];
  const tail = new LineTail(options.stderrLines ?? 60);
  let timedOut = false;
  let aborted = false;

  worker.onStderr((text) => tail.push(text));
  worker.onMessage((raw) => {
    const parsed = WorkerMessageSchema.safeParse(raw);
    if (!parsed.success) return tail.push(`[headroom] invalid worker message: ${parsed.error.message}\n`);
    messages.push(parsed.data);
    if (parsed.data.type === 'ready') {
      try {
        options.beforeRequest?.(parsed.data.pid);
      } catch (error) {
        tail.push(`[headroom] could not prepare the worker: ${String(error)}\n`);
        return worker.kill('SIGKILL');
      }
      worker.send(request);
    }
    options.onMessage?.(parsed.data);
  });

  const timer = setTimeout(() => {
    timedOut = true;
    worker.kill('SIGKILL');
  }, options.timeoutMs ?? 600_000);
  const onAbort = () => {
    aborted = true;
    worker.kill('SIGKILL');
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  return new Promise((resolve) => {
    worker.onExit((exit) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ messages, exit, timedOut, aborted, stderrTail: tail.lines(), durationMs: performance.now() - started });
    });
  });
}
