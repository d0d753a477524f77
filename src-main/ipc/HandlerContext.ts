import type { WorkerLauncher } from '../probe/WorkerLauncher.js';
import type { EventBus } from './EventBus.js';

/** What every handler may use; the transport is not part of it. */
export interface HandlerContext {
  /** The app data folder (probes, settings). */
  dataDir: string;
  events: EventBus;
  /** Starts a probe worker: a Node fork, or an Electron utility process. */
  launchWorker: WorkerLauncher;
  /** Extra environment for workers (e.g. GGML_VK_VISIBLE_DEVICES). */
  workerEnv: Record<string, string>;
}
