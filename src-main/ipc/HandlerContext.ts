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
  /**
   * Files named by the caller stay inside the data folder: probes are read and models written only there,
   * nothing is overwritten unless asked, and errors about other paths say nothing of them. For the web
   * bridge, whose caller is a page rather than the user at a shell. Defaults to false (CLI, Electron).
   */
  confined?: boolean;
}
