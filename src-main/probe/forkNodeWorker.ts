import { spawn } from 'node:child_process';
import type { LaunchOptions, WorkerExit, WorkerProcess } from './WorkerLauncher.js';
import { workerEntry } from './workerEntry.js';

/**
 * Starts the worker as a Node child process with an IPC channel. It uses `spawn` rather than
 * `fork` so that a wrapper (prlimit) can sit between us and Node; the IPC channel survives the
 * wrapper's exec. Under Electron, `process.execPath` is Electron, hence ELECTRON_RUN_AS_NODE.
 */
export function forkNodeWorker(options: LaunchOptions = {}): WorkerProcess {
  const [command, ...wrapperArgs] = options.wrapper ?? [];
  const nodeArgs = [workerEntry()];
  const child = command
    ? spawn(command, [...wrapperArgs, process.execPath, ...nodeArgs], spawnOptions(options))
    : spawn(process.execPath, nodeArgs, spawnOptions(options));

  const exitListeners: ((exit: WorkerExit) => void)[] = [];
  let exited: WorkerExit | undefined;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    for (const listener of exitListeners) listener(exited);
  });
  child.on('error', () => {
    // A failed spawn also emits 'exit' (code null or -2); the error itself adds nothing for callers.
  });

  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message as object);
    },
    onMessage: (listener) => child.on('message', listener),
    onStderr: (listener) => {
      child.stderr?.setEncoding('utf8').on('data', listener);
      child.stdout?.setEncoding('utf8').on('data', listener);
    },
    onExit: (listener) => (exited ? listener(exited) : exitListeners.push(listener)),
    kill: (signal = 'SIGKILL') => {
      if (!exited) child.kill(signal);
    },
  };
}

function spawnOptions(options: LaunchOptions) {
  return {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'] as ('ignore' | 'pipe' | 'ipc')[],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...options.env },
  };
}
