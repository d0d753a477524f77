// The worker runs under `child_process.fork` (Node) or `utilityProcess.fork` (Electron);
// both give it a message port, with different names. Nothing else in the worker cares which.

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export interface WorkerPort {
  send(message: unknown): Promise<void>;
  onMessage(listener: (message: unknown) => void): void;
}

export function workerPort(): WorkerPort {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: async (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (!process.send) throw new Error('The probe worker must be started by Headroom (no IPC channel).');
  // A parent that was killed cannot receive a result: stop rather than run a step for no one.
  process.on('disconnect', () => process.exit(3));
  return {
    // Resolve once the message is flushed, so that exiting right after loses nothing.
    send: (message) => new Promise((resolve) => process.send!(message, undefined, {}, () => resolve())),
    onMessage: (listener) => process.on('message', listener),
  };
}
