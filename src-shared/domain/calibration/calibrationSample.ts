import type { StepResult } from '../../contract/probe.js';
import { CalibrationBackendSchema, type CalibrationBackend, type CalibrationSample } from './CalibrationSchema.js';

/** Buffer devices that are host memory: the CPU's own, its repacked and mapped weights, and a GPU backend's pinned host buffers. */
const HOST_DEVICE = /^(CPU|AMX)|_Host$/i;

/** Whether llama.cpp printed this buffer's device as host memory. */
export function isHostDevice(device: string): boolean {
  return HOST_DEVICE.test(device);
}

/**
 * What one step teaches calibration, or null when it cannot: a step that did not run, printed no
 * buffers, or has no estimate of Headroom's memory model to compare with.
 */
export function calibrationSample(step: StepResult, model: string): CalibrationSample | null {
  const estimate = step.estimate.headroom;
  const reported = step.reported;
  const backend = backendOf(step);
  if (step.outcome !== 'ok' || !estimate || !reported || !backend) return null;
  if (reported.computeBytes === null || reported.kvBytes === null || estimate.computeBytes === null || estimate.kvBytes === null) return null;
  const sum = (host: boolean, kind?: string) => reported.byDevice.filter((b) => isHostDevice(b.device) === host && (!kind || b.kind === kind)).reduce((s, b) => s + b.bytes, 0);
  const grew = step.vramPeakBytes !== null && step.vramBeforeBytes !== null ? Math.max(0, step.vramPeakBytes - step.vramBeforeBytes) : null;
  return {
    stepId: step.id,
    at: step.startedAt,
    model,
    backend,
    // The llama.cpp engine records its steps as not run by node-llama-cpp.
    runtime: step.runtime?.nodeLlamaCpp.startsWith('not used') ? 'llama.cpp' : 'node-llama-cpp',
    flashAttention: step.actualFlashAttention ?? step.flashAttention,
    contextSize: step.actualContextSize ?? step.contextSize,
    ubatchSize: step.ubatchSize,
    estimated: { computeBytes: estimate.computeBytes, kvBytes: estimate.kvBytes, hostBytes: estimate.ramBytes, deviceBytes: estimate.vramBytes, weightsBytes: estimate.weightsBytes ?? 0 },
    measured: {
      computeBytes: reported.computeBytes,
      kvBytes: reported.kvBytes,
      hostBytes: sum(true),
      deviceBytes: sum(false),
      hostModelBytes: sum(true, 'model'),
      deviceModelBytes: sum(false, 'model'),
      rssBeforeBytes: step.rssBeforeBytes,
      peakRssBytes: step.peakRssBytes,
      vramUsedBytes: grew,
    },
  };
}

/** The backend the step really ran on; `auto` without a recorded backend teaches nothing. */
function backendOf(step: StepResult): CalibrationBackend | null {
  const parsed = CalibrationBackendSchema.safeParse(step.actualBackend ?? step.backend);
  return parsed.success ? parsed.data : null;
}
