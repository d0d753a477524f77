import si from 'systeminformation';
import type { HardwareReport } from '../../src-shared/contract/hardware.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import type { WorkerLauncher } from '../probe/WorkerLauncher.js';
import { probeHardware, type ProbeHardwareOptions } from './probeHardware.js';

/** Options of {@link sharedHardwareProbe}. */
export interface SharedHardwareProbeOptions extends ProbeHardwareOptions {
  /** Probe again instead of reusing this process's report. Defaults to false. */
  fresh?: boolean;
}

interface InFlight {
  launch: WorkerLauncher;
  report: Promise<HardwareReport>;
  controller: AbortController;
  callers: number;
}

// One entry per launcher: the Electron app and `serve` each have one, tests may bring their own.
const inFlight = new WeakMap<WorkerLauncher, InFlight>();
const cached = new WeakMap<WorkerLauncher, HardwareReport>();

/**
 * The hardware probe as callers share it. The GPU query starts a worker process, so a burst of calls
 * (200 at once from a page) must not start 200 workers: concurrent callers share the one in flight, and
 * a finished report is kept for the life of the process (devices do not change without a reboot) with
 * its memory figures read again. When every caller of the probe in flight has gone away, its worker is killed.
 */
export async function sharedHardwareProbe(options: SharedHardwareProbeOptions): Promise<HardwareReport> {
  const known = cached.get(options.launch);
  if (known && !options.fresh) return { ...known, memory: await currentMemory(known.memory) };
  const shared = inFlight.get(options.launch) ?? start(options);
  return follow(shared, options.signal);
}

function start(options: SharedHardwareProbeOptions): InFlight {
  const controller = new AbortController();
  const shared: InFlight = { launch: options.launch, controller, callers: 0, report: probeHardware({ launch: options.launch, env: options.env, signal: controller.signal }) };
  inFlight.set(options.launch, shared);
  shared.report.then((report) => cached.set(options.launch, report), () => undefined).finally(() => {
    if (inFlight.get(options.launch) === shared) inFlight.delete(options.launch);
  });
  return shared;
}

function follow(shared: InFlight, signal: AbortSignal | undefined): Promise<HardwareReport> {
  shared.callers++;
  return new Promise<HardwareReport>((resolve, reject) => {
    let left = false;
    const leave = () => {
      if (left) return false;
      left = true;
      signal?.removeEventListener('abort', onAbort);
      shared.callers--;
      return true;
    };
    const onAbort = () => {
      if (!leave()) return;
      if (shared.callers === 0) abandon(shared);
      reject(new HeadroomError('The hardware probe was abandoned by its caller.', { code: 'aborted', hint: 'Ask again.' }));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    shared.report.then(
      (report) => leave() && resolve(report),
      (error: unknown) => leave() && reject(error),
    );
  });
}

/** Kills the worker of a probe nobody waits for; a caller arriving after this starts a new one instead of inheriting the abort. */
function abandon(shared: InFlight): void {
  if (inFlight.get(shared.launch) === shared) inFlight.delete(shared.launch);
  shared.controller.abort();
}

async function currentMemory(before: HardwareReport['memory']): Promise<HardwareReport['memory']> {
  try {
    const mem = await si.mem();
    return { totalBytes: Math.round(mem.total), availableBytes: Math.round(mem.available), swapTotalBytes: Math.round(mem.swaptotal), swapFreeBytes: Math.round(mem.swapfree) };
  } catch {
    return before;
  }
}
