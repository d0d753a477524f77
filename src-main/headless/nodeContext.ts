import { EventBus } from '../ipc/EventBus.js';
import type { HandlerContext } from '../ipc/HandlerContext.js';
import { forkNodeWorker } from '../probe/forkNodeWorker.js';
import { defaultDataDir } from '../storage/dataDir.js';

/** The handler context outside Electron (CLI, web server, tests). */
export function nodeContext(overrides: Partial<HandlerContext> = {}): HandlerContext {
  return {
    dataDir: defaultDataDir(),
    events: new EventBus(),
    launchWorker: forkNodeWorker,
    workerEnv: {},
    ...overrides,
  };
}
