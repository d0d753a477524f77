import type { ModelRef as ProbeModelRef, ProbeDetail } from '../../src-shared/contract/probe.js';
import type { ParsedInput } from '../../src-shared/contract/channels.js';
import type { Verification, WhatIfDevice } from '../../src-shared/contract/whatif.js';
import { findPreset } from '../../src-shared/domain/models/modelPresets.js';
import { answerDevice, onDevice } from '../../src-shared/domain/whatif/answerDevice.js';
import { estimateFor, type WhatIfModel } from '../../src-shared/domain/whatif/deviceMemory.js';
import { looksRemote } from '../../src-shared/domain/whatif/parseRemoteRef.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import type { HandlerContext } from '../ipc/HandlerContext.js';
import { readGgufSummary } from '../models/gguf/readGgufSummary.js';
import type { ProbeService } from '../probe/ProbeService.js';
import { loadCatalogue } from './loadCatalogue.js';
import { resolveDevices } from './resolveDevices.js';
import { syntheticTwin } from './syntheticTwin.js';

const MIB = 2 ** 20;

interface ProbeTarget {
  ref: ProbeModelRef;
  model: WhatIfModel;
  /** Real weights minus the probed file's (a twin's writer type is lighter than a K-quant). */
  deficitBytes: number;
  described: string;
}

/**
 * Checks a device's "fits at N" on this machine: find-max (flash attention on, f16 KV) under a cgroup
 * memory budget equal to the device's usable memory, plus what a CPU run holds that the GPU would not,
 * less any weight bytes a synthetic twin lacks. The boundary it finds is measured; the comparison says
 * whether it lies inside the memory model's band for the device.
 */
export async function verifyFit(input: ParsedInput<'whatif:verify'>, ctx: HandlerContext, probes: ProbeService): Promise<Verification> {
  const device = resolveDevices([input.device], loadCatalogue())[0]!;
  const target = await probeTarget(input.model, ctx.dataDir);
  const limit = target.model.geometry.contextLength || 131_072;
  const answer = answerDevice(target.model, device, Math.min(limit, 4096), limit);
  const estimated = answer.maxContext.flashAttention.on;
  if (estimated === null) throw new HeadroomError(`${device.name} cannot hold this model at any context, by the estimate; there is no boundary to verify.`, { code: 'nothing_to_verify', hint: 'Pick a device with more memory (headroom whatif --choose-gpu).' });
  const { budgetBytes, budgetBasis } = budgetFor(target, device, estimated);
  const started = await probes.start({
    model: target.ref,
    mode: 'findMax',
    // Each step loads, allocates and evaluates a short prompt: the cgroup charges the whole KV cache (llama.cpp
    // clears it at creation), which is the question here. The fast search's depth checks answer speed at depth.
    search: 'prompt',
    flashAttention: [true],
    typeK: 'f16',
    typeV: 'f16',
    backend: 'cpu',
    memoryCheck: 'allocate',
    threads: input.threads ?? 1,
    generateTokens: 2,
    promptFill: input.promptFill ?? 0.02,
    budget: { mechanism: 'cgroup', ramBytes: budgetBytes, vramBytes: null },
  });
  const detail = await finished(probes, started.id);
  const max = detail.summary.maxContext.flashAttention.on;
  const step = detail.steps.find((s) => s.outcome === 'ok' && s.flashAttention && s.contextSize === max) ?? null;
  const band = answer.maxContext.band;
  return {
    budgetBytes,
    budgetBasis,
    mechanism: 'cgroup',
    maxContext: max,
    stepId: step?.id ?? null,
    probeId: detail.summary.id,
    estimatedMaxContext: estimated,
    band,
    agrees: max !== null && band.low !== null && max >= band.low - 256 && max <= (band.high ?? limit) + 256,
    modelProbed: target.described,
    notes: [
      `Measured on this machine (CPU) by find-max under a cgroup memory limit of ${(budgetBytes / MIB).toFixed(0)} MiB: the kernel kills the worker past it.${detail.summary.maxContext.verified ? ' The next size up failed.' : ' Not bracketed: the next size up was not shown to fail.'}`,
      `The prompt filled ${((input.promptFill ?? 0.02) * 100).toFixed(1)} % of each context: llama.cpp allocates and clears the whole KV cache when the context is created, so it is charged in full; flash attention keeps the compute buffer small whatever the prompt.`,
      'Only flash attention on with f16 KV is measured; the other maximum contexts, the spill and the speed stay estimates.',
      ...(detail.summary.message ? [detail.summary.message] : []),
    ],
  };
}

async function probeTarget(ref: ParsedInput<'whatif:verify'>['model'], dataDir: string): Promise<ProbeTarget> {
  if ('preset' in ref) {
    const preset = findPreset(ref.preset);
    if (!preset) throw new HeadroomError(`Unknown preset "${ref.preset}".`, { code: 'unknown_preset', hint: 'List them with headroom synth --list-presets.' });
    return { ref, model: { geometry: preset.geometry, tensors: null, weightType: 'q4_0' }, deficitBytes: 0, described: `synthetic ${preset.name} (q4_0, random weights)` };
  }
  if (looksRemote(ref.path)) {
    const twin = await syntheticTwin(ref.path, { dataDir });
    return {
      ref: { path: twin.path },
      model: { geometry: twin.summary.geometry, tensors: twin.summary.tensors },
      deficitBytes: twin.weightsDeficitBytes,
      described: `synthetic twin of ${ref.path} (same shape, random ${twin.weightType} weights): ${twin.path}`,
    };
  }
  const summary = await readGgufSummary(ref.path);
  return { ref, model: { geometry: summary.geometry, tensors: summary.tensors }, deficitBytes: 0, described: ref.path };
}

/** The budget that gives a CPU run on this machine the same headroom the device has, at the estimated boundary. */
function budgetFor(target: ProbeTarget, device: WhatIfDevice, boundary: number): { budgetBytes: number; budgetBasis: string } {
  const cpuRun = estimateFor(target.model, { contextSize: boundary, flashAttention: true, kv: 'f16', gpus: [] }).totalBytes;
  const onGpu = device.kind === 'ram' ? cpuRun : onDevice(estimateFor(target.model, { contextSize: boundary, flashAttention: true, kv: 'f16', gpus: [{ name: device.name }] }), device);
  const hostOnly = Math.max(0, cpuRun - onGpu);
  const budgetBytes = Math.round(device.usableBytes + hostOnly - target.deficitBytes);
  const parts = [`usable memory ${(device.usableBytes / MIB).toFixed(0)} MiB`];
  if (hostOnly) parts.push(`+ ${(hostOnly / MIB).toFixed(0)} MiB a CPU run holds that the GPU would not (input embedding, host buffers)`);
  if (target.deficitBytes) parts.push(`− ${(target.deficitBytes / MIB).toFixed(0)} MiB of weights the synthetic twin lacks`);
  return { budgetBytes, budgetBasis: parts.join(' ') };
}

async function finished(probes: ProbeService, id: string): Promise<ProbeDetail> {
  for (;;) {
    const detail = probes.get(id);
    if (detail.summary.status !== 'running') return detail;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
