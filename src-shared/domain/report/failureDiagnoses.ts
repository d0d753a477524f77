import type { FailureClass, StepResult } from '../../contract/probe.js';
import type { ReportDiagnosis } from './Report.js';

const TITLES: Record<FailureClass, string> = {
  address_space_limit: 'Out of memory under the imposed address-space limit',
  cgroup_limit_exceeded: 'Out of memory: with the cache filled, the memory in use stood above the cgroup limit',
  estimate_refused: 'node-llama-cpp refused it: its estimate does not fit in memory',
  cgroup_oom_kill: 'Killed by the kernel at the memory limit',
  ram_alloc_failed: 'A RAM allocation failed',
  vram_alloc_failed: 'A GPU memory allocation failed',
  abort: 'The runtime aborted (an assertion or an uncaught C++ exception)',
  segfault: 'The runtime crashed (segmentation fault)',
  killed: 'Killed from outside Headroom',
  exited: 'The worker exited without a result',
  timeout: 'Timed out',
  cancelled: 'Cancelled',
  model_load_failed: 'The model failed to load',
  context_create_failed: 'The context could not be created',
  evaluation_failed: 'Evaluation failed',
  invalid_config: 'The configuration is invalid',
  unknown: 'Failed for an unknown reason',
};

/** One diagnosis per failed step, from what the probe recorded (its class, message and last log lines). */
export function failureDiagnoses(steps: StepResult[]): ReportDiagnosis[] {
  return steps
    .filter((s) => s.outcome !== 'ok' && s.failure !== null)
    .map((s) => ({
      stepId: s.id,
      title: `${TITLES[s.failure!.classification]} at ${s.contextSize} tokens`,
      detail: `${s.failure!.message}${s.failure!.signal ? ` (signal ${s.failure!.signal})` : ''}${s.failure!.exitCode !== null ? ` (exit code ${s.failure!.exitCode})` : ''}; during ${s.failure!.phase}.`,
      evidence: s.failure!.stderrTail.slice(-6),
      fixes: [],
    }));
}
