import type { TuneBackend } from '../../src-shared/contract/tune.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import { runWorker } from '../probe/runWorker.js';
import type { WorkerLauncher } from '../probe/WorkerLauncher.js';

/** What tune needs to know about the device before planning. */
export interface DeviceFacts {
  /** node-llama-cpp's math cores (its default thread count is max(this, 4) on the CPU). */
  cpuMathCores: number;
  /** Free VRAM of the chosen GPU backend; null on the CPU. */
  vramFreeBytes: number | null;
  deviceNames: string[];
}

/** Asks a worker (the only process that loads the binding) about the backend tune will run on. */
export async function queryDevice(launch: WorkerLauncher, env: Record<string, string>, backend: TuneBackend): Promise<DeviceFacts> {
  const run = await runWorker(launch, { type: 'queryGpus' }, { env, timeoutMs: 120_000 });
  const info = run.messages.find((m) => m.type === 'gpuInfo');
  if (info?.type !== 'gpuInfo') throw new HeadroomError(`The device query failed: ${run.stderrTail.slice(-3).join(' | ') || `exit ${run.exit.code ?? run.exit.signal}`}.`, { code: 'gpu_query_failed', hint: 'Run `headroom hardware` to see what node-llama-cpp finds on this machine.' });
  if (backend === 'cpu') return { cpuMathCores: info.cpuMathCores, vramFreeBytes: null, deviceNames: [] };
  const probe = info.backends.find((b) => b.backend === backend);
  if (!probe?.usable) {
    throw new HeadroomError(`The ${backend} backend is not usable here: ${probe?.detail ?? 'no binary for it'}.`, {
      code: 'backend_unusable',
      hint: backend === 'vulkan' ? 'Install a Vulkan driver (mesa-vulkan-drivers gives lavapipe), or tune with --backend cpu.' : 'Tune with --backend cpu, or install the driver for this GPU.',
    });
  }
  return { cpuMathCores: info.cpuMathCores, vramFreeBytes: probe.vram?.free ?? null, deviceNames: probe.deviceNames };
}
