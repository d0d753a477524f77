import type { TuneBackend, TuneEngine } from '../../src-shared/contract/tune.js';
import { calibrationTerms } from '../../src-shared/domain/calibration/calibrationTerms.js';
import type { CalibrationTerms } from '../../src-shared/domain/calibration/CalibrationSchema.js';
import { readCalibration } from '../calibration/calibrationStore.js';

/**
 * This machine's memory corrections for a tune's pruning: the CPU's (candidates without GPU layers run on
 * the CPU backend) and the tune's backend's, learned from the tune's engine, with a note that says what they rest on.
 */
export function tuneCalibration(dataDir: string, backend: TuneBackend, engine: TuneEngine): { terms: Partial<Record<TuneBackend, CalibrationTerms | null>>; note: string } {
  const { samples } = readCalibration(dataDir);
  const backends = [...new Set<TuneBackend>(['cpu', backend])];
  const terms = Object.fromEntries(backends.map((b) => [b, calibrationTerms(samples, b, undefined, engine)])) as Partial<Record<TuneBackend, CalibrationTerms | null>>;
  const parts = backends.map((b) => (terms[b] ? `${b} on ${terms[b]!.steps} steps` : `${b} not yet`));
  const any = backends.some((b) => terms[b]);
  return { terms, note: any ? `Memory estimates calibrated on this machine for ${engine} (${parts.join('; ')}).` : 'Memory estimates not calibrated on this machine yet (every measured step calibrates them).' };
}
