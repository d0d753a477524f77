import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { writeJsonFile } from '../storage/writeJsonFile.js';
import { basename, dirname, join } from 'node:path';
import type { StepResult } from '../../src-shared/contract/probe.js';
import { calibrationSample } from '../../src-shared/domain/calibration/calibrationSample.js';
import { CalibrationFileSchema, type CalibrationFile } from '../../src-shared/domain/calibration/CalibrationSchema.js';
import { ensureDataDir } from '../storage/dataDir.js';

/** Samples kept per backend: the newest, so that a changed machine (driver, runtime) takes over. */
const MAX_SAMPLES_PER_BACKEND = 400;

export function calibrationPath(dataDir: string): string {
  return join(dataDir, 'calibration', 'memory.json');
}

/** The machine's samples; an absent or unreadable file is an empty calibration (it is rebuilt by the next steps). */
export function readCalibration(dataDir: string): CalibrationFile {
  const path = calibrationPath(dataDir);
  if (!existsSync(path)) return { formatVersion: 1, samples: [] };
  try {
    return CalibrationFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return { formatVersion: 1, samples: [] };
  }
}

/** Adds what a measured step teaches (once per step id); returns whether the file changed. */
export function recordCalibrationStep(dataDir: string, step: StepResult, model: string): boolean {
  const sample = calibrationSample(step, model);
  if (!sample) return false;
  const file = readCalibration(dataDir);
  if (file.samples.some((s) => s.stepId === sample.stepId)) return false;
  const sameBackend = file.samples.filter((s) => s.backend === sample.backend);
  const drop = new Set(sameBackend.slice(0, Math.max(0, sameBackend.length + 1 - MAX_SAMPLES_PER_BACKEND)));
  const next: CalibrationFile = { formatVersion: 1, samples: [...file.samples.filter((s) => !drop.has(s)), sample] };
  ensureDataDir(dataDir, 'calibration');
  const path = calibrationPath(dataDir);
  writeJsonFile(path, next);
  return true;
}

/**
 * The hook where measured steps are saved (a probe's or a tune's `<dataDir>/probes/<id>.jsonl`): the model's
 * name comes from the file's header line. Calibration must never cost a measurement, so it fails silently.
 */
export function calibrateFromProbeFile(probePath: string, step: StepResult): void {
  if (basename(dirname(probePath)) !== 'probes') return;
  try {
    recordCalibrationStep(dirname(dirname(probePath)), step, modelName(probePath));
  } catch {
    // A read-only or full data folder: the step is saved; only the calibration misses it.
  }
}

/** The model name from a probe file's header (its first line), read without loading the whole file. */
function modelName(probePath: string): string {
  const fd = openSync(probePath, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const first = buffer.subarray(0, n).toString('utf8').split('\n')[0] ?? '';
    const header = JSON.parse(first) as { model?: { path?: string; name?: string } };
    return header.model?.path ?? header.model?.name ?? 'unknown';
  } catch {
    return 'unknown';
  } finally {
    closeSync(fd);
  }
}
