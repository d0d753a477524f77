import { readFileSync } from 'node:fs';
import { writeJsonFile } from '../storage/writeJsonFile.js';
import { join } from 'node:path';
import type { SpeedPrior, StepConfig, StepResult } from '../../src-shared/contract/probe.js';
import { SpeedRecordSchema, type SpeedRecord } from '../../src-shared/contract/probeSpeedRecord.js';
import { costModel } from '../../src-shared/domain/probe/costModel.js';
import { priorFromRecord, roughPrior, speedRecordKey, updatedEntry, type ModelCompute } from '../../src-shared/domain/probe/speedPrior.js';
import { isSettled } from '../../src-shared/domain/probe/stepCounts.js';

/** The per-machine speed record's file in the data folder (memory calibration keeps its own). */
export const SPEED_CALIBRATION_FILE = 'speed-calibration.json';

/** The machine's record, or an empty one when there is none or it cannot be read (it is only a prior). */
export function readSpeedRecord(dataDir: string): SpeedRecord {
  try {
    return SpeedRecordSchema.parse(JSON.parse(readFileSync(join(dataDir, SPEED_CALIBRATION_FILE), 'utf8')));
  } catch {
    return { formatVersion: 1, entries: {} };
  }
}

/** The prior for a probe's first setting: the record's entry for it (or the other flash attention), else the rough prior. */
export function speedPriorFor(dataDir: string, compute: ModelCompute, base: Pick<StepConfig, 'backend' | 'threads'>, flashAttention: boolean): SpeedPrior {
  const entries = readSpeedRecord(dataDir).entries;
  const entry = entries[speedRecordKey({ ...base, flashAttention })] ?? entries[speedRecordKey({ ...base, flashAttention: !flashAttention })];
  return entry ? priorFromRecord(entry, compute, base.threads) : roughPrior(compute, base.threads);
}

/**
 * Folds a probe's measured steps of one setting into the record (after each step, so a cut probe still teaches the
 * next). `before` is the entry as the probe found it: the probe's figures replace what they measured, its step count adds.
 */
export function recordSpeed(dataDir: string, compute: ModelCompute, steps: readonly StepResult[], config: Pick<StepConfig, 'backend' | 'threads' | 'flashAttention'>, before: SpeedRecord): void {
  const key = speedRecordKey(config);
  const mine = steps.filter((s) => isSettled(s) && s.flashAttention === config.flashAttention);
  const entry = updatedEntry(before.entries[key] ?? null, costModel(mine), compute, mine.filter((s) => s.outcome === 'ok').length, new Date().toISOString());
  if (!entry) return;
  const record = readSpeedRecord(dataDir);
  record.entries[key] = entry;
  const path = join(dataDir, SPEED_CALIBRATION_FILE);
  try {
    writeJsonFile(path, record, 2);
  } catch {
    // A record that cannot be written costs only the next probe's first prediction; the probe goes on.
  }
}
