import { utilityProcess } from 'electron';
import type { LaunchOptions, WorkerExit, WorkerProcess } from '../probe/WorkerLauncher.js';
import { forkNodeWorker } from '../probe/forkNodeWorker.js';
import { workerEntry } from '../probe/workerEntry.js';

/**
 * Starts the worker as an Electron utility process. A wrapped launch (prlimit for a memory budget)
 * cannot go through utilityProcess, so it falls back to a Node fork of Electron's own binary.
 */
export function forkUtilityWorker(options: LaunchOptions = {}): WorkerProcess {
  if (options.wrapper?.length) return forkNodeWorker(options);
  const child = utilityProcess.fork(workerEntry(), [], {
    stdio: 'pipe',
    serviceName: 'Headroom probe worker',
    env: { ...process.env, ...options.env },
  });
  let exited: WorkerExit | undefined;
  const exitListeners: ((exit: WorkerExit) => void)[] = [];
  child.on('exit', (code) => {
    // utilityProcess reports a crash as a non-zero code without the signal name.
    exited = { code, signal: null };
    for (const listener of exitListeners) listener(exited);
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onStderr: (listener) => {
      child.stderr?.setEncoding('utf8').on('data', listener);
      child.stdout?.setEncoding('utf8').on('data', listener);
    },
    onExit: (listener) => (exited ? listener(exited) : exitListeners.push(listener)),
    kill: () => {
      if (!exited) child.kill();
    },
  };
}
