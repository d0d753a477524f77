import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { EstimateResult } from '../../src-shared/contract/models';
import { runCli } from '../support/runCli';
import { tinyModel } from '../support/tinyModel';

// A measured step (a real probe step in a fresh worker) updates this machine's calibration file through the
// one place steps are saved, and the next estimate of another model says it is calibrated and moves.

const estimateOf = async (dataDir: string, model: string) => {
  const run = await runCli(['estimate', model, '--ctx', '1024', '--fa', 'on', '--ubatch', '512', '--batch', '512', '--json'], { env: { HEADROOM_DATA_DIR: dataDir } });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as EstimateResult;
};

it('a recorded step writes calibration/memory.json and changes a later estimate', async () => {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'headroom-calibrate-'));
  const probed = await tinyModel({ layers: 2 });
  const other = await tinyModel({ layers: 3, embeddingLength: 128, heads: 4, kvHeads: 4, feedForwardLength: 256, vocabSize: 1024 });
  const before = await estimateOf(dataDir, other);
  expect(before.calibration.calibrated).toBe(false);
  expect(before.calibration.steps).toBe(0);
  expect(before.calibration.note).toMatch(/Not calibrated on this machine/);

  const probe = await runCli(['probe', probed, '--ctx', '512', '--fa', 'on', '--threads', '1', '--generate', '4', '--prompt-fill', '0.5', '--backend', 'cpu', '--json'], { env: { HEADROOM_DATA_DIR: dataDir } });
  expect(probe.code, probe.stderr).toBe(0);
  const file = join(dataDir, 'calibration', 'memory.json');
  expect(existsSync(file)).toBe(true);
  const samples = (JSON.parse(readFileSync(file, 'utf8')) as { samples: Array<{ backend: string; model: string; measured: { peakRssBytes: number } }> }).samples;
  expect(samples).toHaveLength(1);
  expect(samples[0]!.backend).toBe('cpu');
  expect(samples[0]!.model).toBe(probed);
  expect(samples[0]!.measured.peakRssBytes).toBeGreaterThan(0);

  const after = await estimateOf(dataDir, other);
  expect(after.calibration.calibrated).toBe(true);
  expect(after.calibration.note).toMatch(/^Calibrated on 1 step on this machine \(cpu, 1 model\)/);
  // The memory model's own figures stay; the calibrated ones add the process's measured runtime overhead.
  expect(after.totalBytes).toBe(before.totalBytes);
  expect(after.calibration.rssBytes).toBeGreaterThan(after.calibration.totalBytes + 16 * 2 ** 20);
  const text = await runCli(['estimate', other, '--ctx', '1024'], { env: { HEADROOM_DATA_DIR: dataDir } });
  expect(text.stdout).toMatch(/Calibrated on 1 step on this machine/);
});
