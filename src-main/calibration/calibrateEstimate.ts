import { applyCalibration } from '../../src-shared/domain/calibration/applyCalibration.js';
import { calibrationTerms } from '../../src-shared/domain/calibration/calibrationTerms.js';
import type { CalibratedEstimate, CalibrationBackend } from '../../src-shared/domain/calibration/CalibrationSchema.js';
import type { MemoryEstimate } from '../../src-shared/domain/memory/MemoryEstimate.js';
import { readCalibration } from './calibrationStore.js';

/**
 * The memory model's estimate with this machine's corrections. `backend` defaults to the CPU when the
 * estimate puts nothing on a GPU, else to the GPU backend with the most measured steps here.
 */
export function calibrateEstimate(dataDir: string, estimate: MemoryEstimate, backend?: CalibrationBackend): CalibratedEstimate {
  const { samples } = readCalibration(dataDir);
  const onGpu = estimate.devices.some((d) => d.kind === 'gpu' && d.totalBytes > 0);
  const chosen = backend ?? (onGpu ? busiestGpuBackend(samples.map((s) => s.backend)) : 'cpu');
  return applyCalibration(estimate, chosen, calibrationTerms(samples, chosen));
}

function busiestGpuBackend(backends: CalibrationBackend[]): CalibrationBackend {
  const gpu = (['cuda', 'vulkan', 'metal'] as const).map((b) => ({ b, n: backends.filter((x) => x === b).length }));
  const best = gpu.sort((a, b) => b.n - a.n)[0]!;
  return best.n > 0 ? best.b : process.platform === 'darwin' ? 'metal' : 'cuda';
}
