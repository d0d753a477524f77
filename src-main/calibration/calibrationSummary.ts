import { calibrationTerms } from '../../src-shared/domain/calibration/calibrationTerms.js';
import { CalibrationBackendSchema } from '../../src-shared/domain/calibration/CalibrationSchema.js';
import { readCalibration } from './calibrationStore.js';

/**
 * What will-it-run says about calibration: this machine's corrections hold for its own runtime and backends,
 * so the answer for a catalogue device is the memory model alone, and it says so.
 */
export function catalogueCalibrationNote(dataDir: string): string {
  const { samples } = readCalibration(dataDir);
  const here = CalibrationBackendSchema.options.flatMap((b) => {
    const t = calibrationTerms(samples, b);
    return t ? [`${b} on ${t.steps} step${t.steps === 1 ? '' : 's'}`] : [];
  });
  return here.length
    ? `Memory estimates for catalogue devices are the memory model alone: this machine's calibration (${here.join(', ')}) holds for its own runtime and devices only.`
    : 'Memory estimates are the memory model alone (not calibrated: no measured step on this machine yet).';
}
