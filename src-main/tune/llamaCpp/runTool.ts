import { spawn } from 'node:child_process';
import { LineTail } from '../../probe/LineTail.js';

/** How a llama.cpp tool ended: its output and exit, whatever happened. */
export interface ToolRun {
  stdout: string;
  stderrTail: string[];
  /** Every stderr line that matched `keep`, in order (all of them, not only the tail's). */
  kept: string[];
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
}

/** Options of {@link runTool}. */
export interface RunToolOptions {
  env?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Lines of stderr kept. Defaults to 40. */
  stderrLines?: number;
  /** stderr lines to keep whatever their number (llama.cpp's buffer lines under `-v`). Defaults to none. */
  keep?: RegExp;
}

/** Runs one llama.cpp tool to its end; a crash, a kill or a timeout is part of the result, never a throw. */
export function runTool(path: string, args: string[], options: RunToolOptions): Promise<ToolRun> {
  const started = performance.now();
  const tail = new LineTail(options.stderrLines ?? 40);
  let stdout = '';
  let partial = '';
  const kept: string[] = [];
  let timedOut = false;
  let aborted = false;
  return new Promise((resolve) => {
    const child = spawn(path, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      tail.push(d);
      if (!options.keep) return;
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      kept.push(...lines.filter((l) => options.keep!.test(l)));
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (options.keep?.test(partial)) kept.push(partial);
      resolve({ stdout, stderrTail: tail.lines(), kept, code, signal, timedOut, aborted, durationMs: performance.now() - started });
    };
    child.on('error', (error) => {
      tail.push(`[headroom] could not start ${path}: ${error.message}\n`);
      finish(127, null);
    });
    child.on('close', finish);
  });
}
