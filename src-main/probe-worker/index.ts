import { WorkerRequestSchema, type WorkerMessage, type WorkerRequest } from '../../src-shared/contract/worker.js';
import { workerPort } from './workerPort.js';
import { queryGpus } from './queryGpus.js';
import { runStep } from './runStep.js';

// The only process that loads node-llama-cpp's native binding. It serves one request and
// exits, so memory is measured fresh each time and a native crash costs only this process.

const port = workerPort();
const send = (message: WorkerMessage) => port.send(message);

port.onMessage((raw) => {
  const parsed = WorkerRequestSchema.safeParse(raw);
  if (!parsed.success) {
    void send({ type: 'error', code: 'invalid_request', message: parsed.error.message, hint: 'Internal protocol error.' }).then(() => process.exit(2));
    return;
  }
  void serve(parsed.data).then(
    () => process.exit(0),
    async (error: unknown) => {
      await send({
        type: 'error',
        code: 'worker_failed',
        message: error instanceof Error ? error.message : String(error),
        hint: 'See the worker log lines for details.',
      });
      process.exit(1);
    },
  );
});

void send({ type: 'ready', pid: process.pid });

async function serve(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case 'queryGpus':
      await send(await queryGpus());
      return;
    case 'step':
      await runStep(request, send);
      return;
  }
}
