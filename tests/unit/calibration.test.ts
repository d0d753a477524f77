import { describe, expect, it } from 'vitest';
import type { StepResult } from '../../src-shared/contract/probe';
import { applyCalibration } from '../../src-shared/domain/calibration/applyCalibration';
import { calibrationSample } from '../../src-shared/domain/calibration/calibrationSample';
import type { CalibrationSample } from '../../src-shared/domain/calibration/CalibrationSchema';
import { calibrationTerms } from '../../src-shared/domain/calibration/calibrationTerms';
import { robustTerm, theilSen } from '../../src-shared/domain/calibration/robustTerm';
import { estimateMemory } from '../../src-shared/domain/memory/estimateMemory';
import { modelPresets } from '../../src-shared/domain/models/modelPresets';
import { BASE, stepOf } from './probeStepFactory';

const MiB = 2 ** 20;

/** A CPU step that allocated the given buffers and peaked at `rss`, against an estimate of `estCompute` compute. */
function measured(o: { compute: number; estCompute: number; kv?: number; model?: number; rss: number; fa?: boolean }): StepResult {
  const kv = o.kv ?? 16 * MiB;
  const model = o.model ?? 100 * MiB;
  return stepOf({ ...BASE, gpuLayers: 0, contextSize: 2048, flashAttention: o.fa ?? true }, {
    reported: { modelBytes: model, kvBytes: kv, computeBytes: o.compute, outputBytes: 0, byDevice: [{ device: 'CPU_Mapped', kind: 'model', bytes: model }, { device: 'CPU', kind: 'kv', bytes: kv }, { device: 'CPU', kind: 'compute', bytes: o.compute }] },
    peakRssBytes: o.rss,
    rssBeforeBytes: 90 * MiB,
    estimate: { headroom: { ramBytes: model + kv + o.estCompute, vramBytes: 0, weightsBytes: model, kvBytes: kv, computeBytes: o.estCompute }, nodeLlamaCpp: null },
  });
}

const sample = (step: StepResult, model = 'a.gguf') => calibrationSample(step, model)!;

describe('calibration', () => {
  it('a sample splits host from device buffers and needs an estimate and buffer lines', () => {
    const s = sample(measured({ compute: 30 * MiB, estCompute: 20 * MiB, rss: 300 * MiB }));
    expect(s.measured.hostBytes).toBe(146 * MiB);
    expect(s.measured.deviceBytes).toBe(0);
    expect(calibrationSample({ ...measured({ compute: 1, estCompute: 1, rss: 1 }), outcome: 'oom' }, 'a')).toBeNull();
    expect(calibrationSample({ ...measured({ compute: 1, estCompute: 1, rss: 1 }), estimate: { headroom: null, nodeLlamaCpp: null } }, 'a')).toBeNull();
  });

  it('robust terms drop an outlier and count what they kept', () => {
    const t = robustTerm([1.5, 1.49, 1.51, 1.5, 9], true)!;
    expect(t.value).toBeCloseTo(1.5, 5);
    expect(t.count).toBe(4);
    expect(t.outliers).toBe(1);
    expect(theilSen([{ x: 0, y: 10 }, { x: 10, y: 20 }, { x: 20, y: 30 }, { x: 30, y: 40 }, { x: 40, y: 400 }], 5)!.slope).toBeCloseTo(1, 5);
  });

  it('terms are ratios and a runtime overhead, per flash attention setting, and can leave a model out', () => {
    const samples: CalibrationSample[] = [
      sample(measured({ compute: 30 * MiB, estCompute: 20 * MiB, rss: 246 * MiB })),
      sample(measured({ compute: 60 * MiB, estCompute: 40 * MiB, rss: 276 * MiB, kv: 32 * MiB })),
      sample(measured({ compute: 15 * MiB, estCompute: 10 * MiB, rss: 250 * MiB, model: 120 * MiB })),
      sample(measured({ compute: 80 * MiB, estCompute: 100 * MiB, rss: 400 * MiB, fa: false }), 'b.gguf'),
    ];
    const terms = calibrationTerms(samples, 'cpu')!;
    expect(terms.steps).toBe(4);
    expect(terms.models).toBe(2);
    expect(terms.computeRatio.on!.value).toBeCloseTo(1.5, 5);
    expect(terms.computeRatio.off!.value).toBeCloseTo(0.8, 5);
    expect(terms.kvRatio!.value).toBe(1);
    // The worker's RSS before loading; what the steps held beyond their other buffers, per byte of weights.
    expect(terms.runtimeOverheadBytes!.value).toBe(90 * MiB);
    expect(terms.rssPerWeightByte!.value).toBeGreaterThan(0.9);
    expect(terms.rssPerWeightByte!.value).toBeLessThan(1.2);
    expect(terms.weightsRatio!.value).toBe(1);
    const withoutB = calibrationTerms(samples, 'cpu', 'b.gguf')!;
    expect(withoutB.steps).toBe(3);
    expect(withoutB.computeRatio.off).toBeNull();
    expect(calibrationTerms(samples, 'vulkan')).toBeNull();
  });

  it('an estimate says whether it is calibrated, and calibration narrows its band', () => {
    const e = estimateMemory({ geometry: modelPresets.find((p) => p.name === 'qwen3-8b')!.geometry, contextSize: 4096, flashAttention: true, ubatchSize: 512, batchSize: 512, weightType: 'q4_0', gpuLayers: 0 });
    const none = applyCalibration(e, 'cpu', null);
    expect(none.calibrated).toBe(false);
    expect(none.note).toMatch(/^Not calibrated on this machine/);
    expect(none.totalBytes).toBe(Math.round(e.totalBytes));
    expect(none.rssBytes).toBeNull();
    const samples = [1.2, 1.21, 1.19].map((r, i) => sample(measured({ compute: Math.round(r * 50 * MiB), estCompute: 50 * MiB, rss: (266 + i) * MiB })));
    const cal = applyCalibration(e, 'cpu', calibrationTerms(samples, 'cpu'));
    expect(cal.note).toMatch(/^Calibrated on 3 steps on this machine \(cpu, 1 model\)/);
    expect(cal.computeBytes).toBeCloseTo(e.computeBytes * 1.2, -3);
    expect(cal.errorBand.compute).toBeLessThan(e.errorBand.compute);
    expect(cal.errorBand.highBytes - cal.errorBand.lowBytes).toBeLessThan(e.errorBand.highBytes - e.errorBand.lowBytes);
    expect(cal.rssBytes).toBeGreaterThan(cal.totalBytes);
  });

  it('a repacked copy of the weights (AMX, CPU_REPACK) is a weights ratio, with half of it as band while one model taught it', () => {
    const repacked = (i: number) => {
      const step = measured({ compute: 50 * MiB, estCompute: 50 * MiB, rss: (300 + i) * MiB });
      const byDevice = [...step.reported!.byDevice, { device: 'AMX', kind: 'model' as const, bytes: 70 * MiB }];
      return sample({ ...step, reported: { ...step.reported!, byDevice } });
    };
    const terms = calibrationTerms([0, 1, 2].map(repacked), 'cpu')!;
    expect(terms.weightsRatio!.value).toBeCloseTo(1.7, 5);
    const e = estimateMemory({ geometry: modelPresets.find((p) => p.name === 'qwen3-8b')!.geometry, contextSize: 4096, flashAttention: true, ubatchSize: 512, batchSize: 512, weightType: 'q4_0', gpuLayers: 0 });
    const cal = applyCalibration(e, 'cpu', terms);
    expect(cal.totalBytes).toBeCloseTo(e.totalBytes + 0.7 * e.weightsBytes!, -4);
    expect(cal.errorBand.weights).toBeCloseTo(0.35, 5);
    expect(calibrationTerms([0, 1, 2].map(repacked), 'cpu', undefined, 'llama.cpp')).toBeNull();
  });
});
