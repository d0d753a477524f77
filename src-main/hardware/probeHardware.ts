import os from 'node:os';
import type { BackendStatus, HardwareReport } from '../../src-shared/contract/hardware.js';
import type { GpuInfo } from '../../src-shared/contract/worker.js';
import { hardwareWarnings } from '../../src-shared/domain/hardwareWarnings.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import type { WorkerLauncher } from '../probe/WorkerLauncher.js';
import { runWorker } from '../probe/runWorker.js';
import { mergeGpus } from './mergeGpus.js';
import { readSystem } from './readSystem.js';

/** Options of {@link probeHardware}. */
export interface ProbeHardwareOptions {
  launch: WorkerLauncher;
  /** Environment for the worker (e.g. `GGML_VK_VISIBLE_DEVICES`). Defaults to none. */
  env?: Record<string, string>;
  /** Aborting kills the GPU query worker. */
  signal?: AbortSignal;
}

/** The one-click hardware probe: the OS view and the native binding's view, merged. */
export async function probeHardware(options: ProbeHardwareOptions): Promise<HardwareReport> {
  const started = performance.now();
  const [system, gpuInfo] = await Promise.all([readSystem(), queryGpusInWorker(options)]);
  const facts = {
    cpu: system.cpu,
    memory: system.memory,
    gpus: mergeGpus(system.controllers, gpuInfo),
    backends: backendTable(gpuInfo),
    os: system.os,
    runtime: { nodeLlamaCpp: gpuInfo.nodeLlamaCppVersion, llamaCpp: gpuInfo.llamaCppRelease },
    probedAt: new Date().toISOString(),
    durationMs: 0,
  };
  return { ...facts, warnings: hardwareWarnings(facts), durationMs: Math.round(performance.now() - started) };
}

async function queryGpusInWorker(options: ProbeHardwareOptions): Promise<GpuInfo> {
  const run = await runWorker(options.launch, { type: 'queryGpus' }, {
    env: options.env,
    timeoutMs: 120_000,
    signal: options.signal,
    // The query loads every backend's binary, seconds of CPU: below the app's priority, the app keeps answering.
    beforeRequest: (pid) => os.setPriority(pid, 10),
  });
  const info = run.messages.find((m) => m.type === 'gpuInfo');
  if (info?.type === 'gpuInfo') return info;
  const error = run.messages.find((m) => m.type === 'error');
  const how = run.aborted ? 'was stopped (its caller went away)' : run.timedOut ? 'timed out' : run.exit.signal ? `was killed by ${run.exit.signal}` : `exited with code ${run.exit.code}`;
  throw new HeadroomError(
    `The GPU query worker ${how}${error?.type === 'error' ? `: ${error.message}` : ''}. Last output: ${run.stderrTail.slice(-3).join(' | ') || '(none)'}`,
    { code: 'gpu_query_failed', hint: 'Check that node-llama-cpp is installed (`npm install`) and that its prebuilt binaries match this OS.' },
  );
}

function backendTable(info: GpuInfo): HardwareReport['backends'] {
  const status = (name: 'cuda' | 'vulkan' | 'metal' | 'rocm'): BackendStatus => {
    const probe = info.backends.find((b) => b.backend === name);
    if (!probe) return { usable: false, detail: 'No node-llama-cpp binary for this backend on this platform.' };
    return { usable: probe.usable, detail: probe.detail };
  };
  return {
    cuda: status('cuda'),
    vulkan: status('vulkan'),
    metal: status('metal'),
    rocm: { usable: false, detail: 'node-llama-cpp ships no ROCm binary; AMD GPUs are reached through Vulkan (or a ROCm build of llama.cpp).' },
    cpu: { usable: true, detail: `${info.cpuMathCores} math cores.` },
  };
}
