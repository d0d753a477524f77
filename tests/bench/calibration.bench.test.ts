import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { ProbeDetail, StepResult } from '../../src-shared/contract/probe';
import { applyCalibration } from '../../src-shared/domain/calibration/applyCalibration';
import { calibrationTerms } from '../../src-shared/domain/calibration/calibrationTerms';
import { callChannel } from '../../src-main/headless/callChannel';
import { nodeContext } from '../../src-main/headless/nodeContext';
import { readCalibration } from '../../src-main/calibration/calibrationStore';
import { createHandlers } from '../../src-main/ipc/createHandlers';
import { ProbeService } from '../../src-main/probe/ProbeService';

// Issue 14 item 3: probing model A on this machine calibrates the memory estimate of a DIFFERENT model B.
// A (Llama-3.1-8B geometry, 2 layers: big vocab, GQA) is probed in its own data folder: every step it measures
// is recorded as a calibration sample there. B (Gemma-3-4B geometry, 2 layers: sliding-window attention,
// another head size and FFN) runs real steps in ANOTHER data folder, so it never contributes to the corrections
// it is scored with. For each of B's steps: the estimate before calibration (the memory model alone, from an
// empty data folder) and after (A's folder), both through `models:estimate`, against what B's step measured:
// llama.cpp's compute buffer, all its buffers, and the worker's peak RSS. Printed side by side.

const MiB = 2 ** 20;
const A = { preset: 'llama-3.1-8b', layers: 2 };
const B = { preset: 'gemma-3-4b', layers: 2 };
const CONTEXTS_A = [512, 1024, 2048];
const CONTEXTS_B = [768, 1536];

async function probeGrid(dataDir: string, model: { preset: string; layers: number }, contexts: number[]): Promise<ProbeDetail> {
  const service = new ProbeService(nodeContext({ dataDir }));
  const summary = await service.start({ model, mode: 'grid', contexts, flashAttention: [true, false], threads: 1, generateTokens: 4, promptFill: 0.25, backend: 'cpu' });
  for (;;) {
    const detail = service.get(summary.id);
    if (detail.summary.status !== 'running') return detail;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const pct = (predicted: number, measured: number) => `${(((predicted - measured) / measured) * 100).toFixed(1).padStart(6)} %`;
const mib = (b: number) => `${(b / MiB).toFixed(1).padStart(7)} MiB`;

it('probing model A lowers the memory estimate error for model B (another geometry) on this machine', async () => {
  const lines: string[] = [];
  const print = (line: string) => {
    lines.push(line);
    process.stderr.write(`[bench] ${line}\n`);
  };
  const calibratedDir = mkdtempSync(join(os.tmpdir(), 'headroom-calib-a-'));
  const bDir = mkdtempSync(join(os.tmpdir(), 'headroom-calib-b-'));
  const emptyDir = mkdtempSync(join(os.tmpdir(), 'headroom-calib-none-'));
  const a = await probeGrid(calibratedDir, A, CONTEXTS_A);
  const samples = readCalibration(calibratedDir).samples;
  print(`model A ${A.preset} (${A.layers} layers): ${a.steps.length} steps, ${a.steps.filter((s) => s.outcome === 'ok').length} ok, ${samples.length} calibration samples`);
  const terms = calibrationTerms(samples, 'cpu');
  const t = (x: { value: number; count: number } | null | undefined, scale = 1, unit = '') => (x ? `${(x.value / scale).toFixed(3)}${unit} (n=${x.count})` : '—');
  print(`  cpu terms: compute ratio FA on ${t(terms?.computeRatio.on)}, off ${t(terms?.computeRatio.off)}; KV ratio ${t(terms?.kvRatio)}; runtime overhead ${t(terms?.runtimeOverheadBytes, MiB, ' MiB')}; RSS per weight byte ${t(terms?.rssPerWeightByte)}`);

  const b = await probeGrid(bDir, B, CONTEXTS_B);
  expect(readCalibration(calibratedDir).samples.length, 'B must not touch A\'s calibration').toBe(samples.length);
  const bPath = b.header.model.path;
  const before = createHandlers(nodeContext({ dataDir: emptyDir }));
  const after = createHandlers(nodeContext({ dataDir: calibratedDir }));
  print(`model B ${B.preset} (${B.layers} layers), real steps measured apart (data folder without A):`);
  print('  step                 | what         | measured    | before calibration       | after (A\'s calibration)');
  const errors = { compute: [[], []] as number[][], total: [[], []] as number[][], rss: [[], []] as number[][] };
  for (const step of b.steps.filter((s: StepResult) => s.outcome === 'ok' && s.reported)) {
    const request = { model: { path: bPath }, contextSize: step.contextSize, flashAttention: step.flashAttention, typeK: step.typeK, typeV: step.typeV, batchSize: step.batchSize, ubatchSize: step.ubatchSize, gpuLayers: 0, backend: 'cpu' as const };
    const raw = await callChannel(before, 'models:estimate', request);
    const cal = await callChannel(after, 'models:estimate', request);
    expect(raw.calibration.calibrated).toBe(false);
    expect(cal.calibration.calibrated).toBe(true);
    // The same corrections computed with B left out explicitly: B never was in A's folder, so they agree.
    expect(applyCalibration(raw, 'cpu', calibrationTerms(samples, 'cpu', bPath)).totalBytes).toBe(cal.calibration.totalBytes);
    const measured = { compute: step.reported!.computeBytes!, total: step.reported!.byDevice.reduce((s, d) => s + d.bytes, 0), rss: step.peakRssBytes! };
    const rows: Array<[keyof typeof errors, number, number]> = [
      ['compute', raw.computeBytes, cal.calibration.computeBytes],
      ['total', raw.totalBytes, cal.calibration.totalBytes],
      // The memory model alone has no runtime term: its RSS figure is the buffers.
      ['rss', raw.totalBytes, cal.calibration.rssBytes!],
    ];
    for (const [what, beforeBytes, afterBytes] of rows) {
      errors[what][0]!.push(Math.abs(beforeBytes - measured[what]) / measured[what]);
      errors[what][1]!.push(Math.abs(afterBytes - measured[what]) / measured[what]);
      print(`  ctx ${String(step.contextSize).padStart(5)} FA ${step.flashAttention ? 'on ' : 'off'}     | ${what.padEnd(12)} | ${mib(measured[what])} | ${mib(beforeBytes)} ${pct(beforeBytes, measured[what])} | ${mib(afterBytes)} ${pct(afterBytes, measured[what])}`);
    }
    print(`                       | band (total) |             | ±${mib((raw.errorBand.highBytes - raw.errorBand.lowBytes) / 2)}          | ±${mib((cal.calibration.errorBand.highBytes - cal.calibration.errorBand.lowBytes) / 2)}  (${cal.calibration.note})`);
  }
  const mean = (xs: number[]) => (xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length)) * 100;
  for (const what of ['compute', 'total', 'rss'] as const) print(`mean |error| for B, ${what.padEnd(7)}: before ${mean(errors[what][0]!).toFixed(1)} %, after ${mean(errors[what][1]!).toFixed(1)} %`);
  process.stderr.write(`\n${lines.join('\n')}\n`);
  expect(errors.rss[0]!.length).toBeGreaterThan(0);
});
