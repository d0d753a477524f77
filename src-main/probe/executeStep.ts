import type { MemoryBudget, StepConfig, StepEstimate, StepPhase, StepResult } from '../../src-shared/contract/probe.js';
import type { WorkerMessage, WorkerStepReport } from '../../src-shared/contract/worker.js';
import { emptyStepReport } from '../../src-shared/domain/probe/emptyStepReport.js';
import { classifyFailure } from '../../src-shared/domain/probe/classifyFailure.js';
import { addressSpaceWrapper } from './budget/addressSpaceWrapper.js';
import { createMemoryCgroup, type MemoryCgroup } from './budget/memoryCgroup.js';
import { runWorker, type WorkerRun } from './runWorker.js';
import { removeWorkerStateFiles } from './workerStateFiles.js';
import type { WorkerLauncher } from './WorkerLauncher.js';

/**
 * glibc reserves 64 MiB of address space per thread arena; with as many arenas as threads, an address-space
 * limit would depend on thread timing. One arena makes it depend on the allocations only.
 */
const ADDRESS_SPACE_ENV = { MALLOC_ARENA_MAX: '1', NODE_OPTIONS: '--max-semi-space-size=1' };

/** Options of {@link executeStep}. */
export interface ExecuteStepOptions {
  launch: WorkerLauncher;
  /** Extra environment for the worker. Defaults to none. */
  env?: Record<string, string>;
  modelPath: string;
  config: StepConfig;
  budget: MemoryBudget | null;
  identity: { id: string; probeId: string; index: number };
  /** Kill the worker after this long; the step is a `timeout`. */
  timeoutMs: number;
  /** Aborting kills the worker; the step is `cancelled`. */
  signal?: AbortSignal;
  /** Headroom's own estimate for this configuration, made before it runs. Defaults to none. */
  estimate?: StepEstimate | null;
  onMessage?: (message: WorkerMessage) => void;
  /** Lines of stderr to keep for the failure. Defaults to 40. */
  stderrLines?: number;
}

/**
 * Runs one step in a fresh worker under its budget and always returns a result: whatever the
 * worker did (reported, crashed, was killed, hung), it becomes the step's outcome.
 */
export async function executeStep(options: ExecuteStepOptions): Promise<StepResult> {
  const startedAt = new Date();
  const { budget } = options;
  const cgroup = budget?.mechanism === 'cgroup' && budget.ramBytes !== null ? createMemoryCgroup(budget.ramBytes) : null;
  let phase: StepPhase = 'spawn';
  let pid: number | null = null;
  try {
    const run = await runWorker(options.launch, { type: 'step', modelPath: options.modelPath, config: options.config, budget }, {
      env: budget?.mechanism === 'addressSpace' ? { ...ADDRESS_SPACE_ENV, ...options.env } : options.env,
      wrapper: budget?.mechanism === 'addressSpace' && budget.ramBytes !== null ? addressSpaceWrapper(budget.ramBytes) : undefined,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      stderrLines: options.stderrLines ?? 40,
      beforeRequest: (workerPid) => {
        pid = workerPid;
        cgroup?.add(workerPid);
      },
      onMessage: (message) => {
        if (message.type === 'stepPhase') phase = message.phase;
        options.onMessage?.(message);
      },
    });
    return compose(options, run, phase, startedAt, cgroup);
  } finally {
    if (pid !== null) removeWorkerStateFiles(pid);
    cgroup?.remove();
  }
}

function compose(options: ExecuteStepOptions, run: WorkerRun, phase: StepPhase, startedAt: Date, cgroup: MemoryCgroup | null): StepResult {
  const message = run.messages.find((m) => m.type === 'stepResult');
  const report = message?.type === 'stepResult' ? message.report : null;
  const usage = cgroup?.usage() ?? { peakBytes: null, oomKills: null };
  const base = {
    ...options.config,
    ...options.identity,
    budget: options.budget,
    startedAt: startedAt.toISOString(),
    durationMs: run.durationMs,
    cgroupPeakBytes: usage.peakBytes,
  };
  const measured: WorkerStepReport = report ?? emptyStepReport('crashed');
  const estimate = { ...measured.estimate, headroom: options.estimate ?? null };
  if (report?.outcome === 'ok' && !run.timedOut && !run.aborted) return { ...base, ...measured, estimate };

  const workerError = run.messages.find((m) => m.type === 'error');
  const evidence = {
    message: report?.failure?.message ?? (workerError?.type === 'error' ? workerError.message : null),
    workerClass: report?.failure?.classification ?? null,
    signal: run.exit.signal,
    exitCode: run.exit.code,
    stderrTail: run.stderrTail,
    phase: report?.failure?.phase ?? phase,
    mechanism: options.budget?.mechanism ?? null,
    cgroupOomKill: usage.oomKills === null ? null : usage.oomKills > 0,
    timedOut: run.timedOut,
    cancelled: run.aborted,
  };
  const { outcome, classification } = classifyFailure(evidence);
  return {
    ...base,
    ...measured,
    estimate,
    outcome,
    failure: {
      message: evidence.message ?? describeExit(run, evidence.phase),
      signal: run.exit.signal,
      exitCode: run.exit.code,
      stderrTail: run.stderrTail,
      classification,
      phase: evidence.phase,
    },
  };
}

function describeExit(run: WorkerRun, phase: StepPhase): string {
  if (run.aborted) return `Cancelled during ${phase}.`;
  if (run.timedOut) return `Timed out during ${phase} after ${Math.round(run.durationMs / 1000)} s.`;
  if (run.exit.signal) return `The worker was killed by ${run.exit.signal} during ${phase}.`;
  return `The worker exited with code ${run.exit.code} during ${phase} without a result.`;
}
