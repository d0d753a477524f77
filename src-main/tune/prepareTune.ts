import os from 'node:os';
import type { TuneStart } from '../../src-shared/contract/tune.js';
import type { TuneSettings } from '../../src-shared/contract/tune.js';
import { memoryFit } from '../../src-shared/domain/tune/memoryFit.js';
import { resolveTuneContext } from '../../src-shared/domain/tune/resolveTuneContext.js';
import { settingsKey } from '../../src-shared/domain/tune/settingsKey.js';
import { NODE_LLAMA_CPP_DEFAULTS_NOTE, type DefaultsSpec } from '../../src-shared/domain/tune/summarizeTune.js';
import { KNOB_ORDER, nodeLlamaCppDefaults, tuneKnobs, type KnobFacts } from '../../src-shared/domain/tune/tuneKnobs.js';
import type { FitCheck, TunePlan } from '../../src-shared/domain/tune/TunePlan.js';
import type { HandlerContext } from '../ipc/HandlerContext.js';
import { resolveProbeModel } from '../probe/resolveProbeModel.js';
import { readAppSettings } from '../settings/appSettingsFile.js';
import { fitBaseline } from './llamaCpp/fitBaseline.js';
import { requireLlamaCppBin } from './llamaCpp/findLlamaCppBin.js';
import { queryDevice } from './queryDevice.js';
import { tuneCalibration } from './tuneCalibration.js';

type TuneRequest = Pick<TuneStart, 'model' | 'contextSize' | 'policy' | 'engine' | 'backend' | 'ramLimitBytes' | 'vramLimitBytes'> & { llamaCppBin?: string };

/**
 * Everything a tune decides before it runs a step: the model, the device's limits, the memory model as a
 * pruning rule, the context (after `max` and the policy), the runtime's defaults and the search plan.
 */
export async function prepareTune(ctx: HandlerContext, input: TuneRequest) {
  const bin = input.engine === 'llama.cpp' ? requireLlamaCppBin(process.env, input.llamaCppBin ?? readAppSettings(ctx.dataDir).llamaCppBin ?? undefined) : null;
  const { model, facts } = await resolveProbeModel(input.model, { dataDir: ctx.dataDir });
  const device = await queryDevice(ctx.launchWorker, ctx.workerEnv, input.backend);
  const calibration = tuneCalibration(ctx.dataDir, input.backend, input.engine);
  const fits = pruning(memoryFit({
    calibration: calibration.terms,
    geometry: facts.geometry,
    tensors: facts.tensors,
    backend: input.backend,
    ramLimitBytes: input.ramLimitBytes ?? Math.floor(os.totalmem() * 0.9),
    vramLimitBytes: input.vramLimitBytes ?? device.vramFreeBytes,
    // lavapipe (Mesa's CPU Vulkan) takes buffers of at most 128 MiB; a larger per-layer KV tensor aborts llama.cpp.
    maxBufferBytes: device.deviceNames.some((n) => /llvmpipe/i.test(n)) ? 128 * 2 ** 20 : null,
  }));
  const knobFacts = (contextSize: number): KnobFacts => ({
    contextSize,
    backend: input.backend,
    policy: input.policy,
    engine: input.engine,
    usableCores: os.availableParallelism(),
    layers: facts.geometry?.layers ?? 0,
    moe: Boolean(facts.geometry?.experts),
  });
  // The leanest settings: flash attention on, the smallest batch, either cache type (q8_0 may not suit the head size).
  const leanest = (contextSize: number) =>
    tuneKnobs(knobFacts(contextSize)).gpuLayers.flatMap((gpuLayers) =>
      (['q8_0', 'f16'] as const).map((type) => ({ ...nodeLlamaCppDefaults(knobFacts(contextSize)), gpuLayers, flashAttention: true, typeK: type, typeV: type, batchSize: 128, ubatchSize: 128 })),
    );
  const resolved = resolveTuneContext({ requested: input.contextSize, policy: input.policy, backend: input.backend, trainContextSize: facts.trainContextSize, leanest, fits: fits.check });
  const contextSize = resolved.contextSize ?? (input.contextSize === 'max' ? 256 : input.contextSize);
  const kf = knobFacts(contextSize);
  const nodeDefaults = { ...nodeLlamaCppDefaults({ ...kf, engine: 'node-llama-cpp' }), threads: input.backend === 'cpu' ? Math.max(device.cpuMathCores, 4) : kf.usableCores };
  const fitted = bin && resolved.contextSize !== null ? await fitBaseline({ bin, env: ctx.workerEnv, modelPath: model.path, contextSize, backend: input.backend, threads: device.cpuMathCores, layers: kf.layers, moe: kf.moe }) : null;
  const defaults: DefaultsSpec = fitted
    ? { name: 'llama.cpp-fit', settings: fitted.settings, note: `llama-fit-params chose \`${fitted.fit.raw}\`; the rest is llama.cpp's defaults (batch 2048, ubatch 512, flash attention auto, f16 cache, ${device.cpuMathCores} threads).` }
    : { name: 'node-llama-cpp-defaults', settings: nodeDefaults, note: NODE_LLAMA_CPP_DEFAULTS_NOTE };
  const plan: TunePlan = {
    contextSize, policy: input.policy, backend: input.backend, defaults: defaults.settings, knobs: tuneKnobs(kf), order: KNOB_ORDER, confirmRuns: 2,
    separateUbatch: input.engine === 'llama.cpp', defaultsLabel: fitted ? "llama.cpp's --fit defaults" : "node-llama-cpp's defaults",
  };
  return { bin, model, facts, device, fits, resolved, contextSize, nodeDefaults, defaults, plan, calibrationNote: calibration.note, ramLimitBytes: input.ramLimitBytes ?? Math.floor(os.totalmem() * 0.9) };
}

/** Wraps the memory model's verdict to remember what it ruled out (for the result). */
function pruning(check: FitCheck) {
  const pruned = new Map<string, { settings: TuneSettings; reason: string }>();
  return {
    pruned,
    check: ((s) => {
      const verdict = check(s);
      if (!verdict.fits && verdict.reason) pruned.set(settingsKey(s), { settings: s, reason: verdict.reason });
      return verdict;
    }) as FitCheck,
  };
}

