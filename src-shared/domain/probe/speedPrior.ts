import type { SpeedPrior, StepConfig } from '../../contract/probe.js';
import type { SpeedRecordEntry } from '../../contract/probeSpeedRecord.js';
import type { CostModel } from './costModel.js';

/** What a model costs per token, the units a machine's speed record is kept in so that it carries across models. */
export interface ModelCompute {
  /** GFLOP of weight matrices per token (2 × parameters outside the embedding lookup). */
  weightGflop: number;
  /** GiB of weights read per generated token. */
  weightGib: number;
  /** MFLOP of attention per token per cell of depth (Q·K and softmax·V over every layer and head). */
  attentionMflopPerCell: number;
  /** KiB of K and V one cell holds (f16). */
  kvKibPerCell: number;
}

/**
 * The rough prior, for a machine with no speed record: a conservative CPU, stated rather than measured. Matrix
 * products at 40 GFLOP/s per thread (this project's 2-vCPU machine measured about 175 GFLOP/s on one thread with
 * AMX; laptop cores without it manage 20–60); prompt attention at a tenth of that (it is memory bound: on CPUs a
 * token's cost doubles at 3–6k tokens of depth), generation's at a fortieth (one token reads the whole cache; see
 * GENERATE_DEPTH_RATIO); generation reading weights at 5 GiB/s; 2 s per step plus 4 s per GiB to
 * spawn, load and create; 2 µs per KiB of K/V to write and load a cell's state.
 */
export const ROUGH_PRIOR = { gflopsPerThread: 40, attentionEfficiency: 0.1, generateAttentionEfficiency: 0.025, generateGibPerSecond: 5, fixedMs: 2000, fixedMsPerGib: 4000, fillMsPerKib: 0.002 } as const;

/** The key of a record entry: the backend as requested, the threads and flash attention (`cpu/1t/fa-on`). */
export function speedRecordKey(config: Pick<StepConfig, 'backend' | 'threads' | 'flashAttention'>): string {
  return `${config.backend}/${config.threads}t/fa-${config.flashAttention ? 'on' : 'off'}`;
}

/** The rough prior for a model on `threads` threads (more threads help less than linearly). */
export function roughPrior(compute: ModelCompute, threads: number): SpeedPrior {
  const gflops = ROUGH_PRIOR.gflopsPerThread * Math.max(1, threads) ** 0.8;
  const promptA = compute.weightGflop / gflops;
  const k = compute.attentionMflopPerCell / 1000 / (gflops * ROUGH_PRIOR.attentionEfficiency);
  return {
    source: 'rough_prior',
    steps: 0,
    fixedMs: ROUGH_PRIOR.fixedMs + ROUGH_PRIOR.fixedMsPerGib * compute.weightGib,
    prompt: { a: promptA, k },
    generate: { a: compute.weightGib / ROUGH_PRIOR.generateGibPerSecond + promptA, k: compute.attentionMflopPerCell / 1000 / (gflops * ROUGH_PRIOR.generateAttentionEfficiency) },
    fillMsPerCell: ROUGH_PRIOR.fillMsPerKib * compute.kvKibPerCell,
    depthMeasured: false,
  };
}

/** The machine's record scaled to this model; parts the record lacks come from the rough prior. */
export function priorFromRecord(entry: SpeedRecordEntry, compute: ModelCompute, threads: number): SpeedPrior {
  const rough = roughPrior(compute, threads);
  const promptA = entry.promptSecPerGflop * compute.weightGflop;
  const promptK = entry.promptDepthSecPerMflop === null ? null : entry.promptDepthSecPerMflop * compute.attentionMflopPerCell;
  const generateK = entry.generateDepthSecPerMflop === null ? null : entry.generateDepthSecPerMflop * compute.attentionMflopPerCell;
  return {
    source: 'machine_record',
    steps: entry.steps,
    fixedMs: entry.fixedMsPerGib === null ? rough.fixedMs : entry.fixedMsPerGib * Math.max(compute.weightGib, MIN_GIB),
    prompt: { a: promptA, k: promptK ?? (rough.prompt.k * promptA) / rough.prompt.a },
    generate: { a: entry.generateSecPerGib === null ? rough.generate.a : entry.generateSecPerGib * compute.weightGib, k: generateK ?? (rough.generate.k * promptA) / rough.prompt.a },
    fillMsPerCell: entry.fillMsPerKib === null ? rough.fillMsPerCell : entry.fillMsPerKib * compute.kvKibPerCell,
    depthMeasured: promptK !== null,
  };
}

/** Below this a model's fixed costs stop shrinking with its size (spawn and runtime start dominate). */
const MIN_GIB = 0.25;

/**
 * The record entry after a probe's measured steps (`model` from them alone, without a prior): what they measured
 * replaces the entry's figure (the machine as it is now), what they did not leaves it as it was. Null when
 * nothing was measured.
 */
export function updatedEntry(previous: SpeedRecordEntry | null, model: CostModel, compute: ModelCompute, measuredSteps: number, now: string): SpeedRecordEntry | null {
  if (model.source !== 'measured' || !model.prompt || compute.weightGflop <= 0) return null;
  // A model whose attention the geometry does not describe cannot teach the depth cost per unit.
  const depth = (k: number) => (compute.attentionMflopPerCell > 0 ? k / compute.attentionMflopPerCell : null);
  const measuredGenerate = model.generate;
  return {
    promptSecPerGflop: model.prompt.a / compute.weightGflop,
    promptDepthSecPerMflop: (model.deep.prompt ? depth(model.prompt.k) : null) ?? previous?.promptDepthSecPerMflop ?? null,
    generateSecPerGib: measuredGenerate ? Math.max(measuredGenerate.a, 1e-9) / compute.weightGib : (previous?.generateSecPerGib ?? null),
    generateDepthSecPerMflop: (measuredGenerate && model.deep.generate ? depth(measuredGenerate.k) : null) ?? previous?.generateDepthSecPerMflop ?? null,
    fixedMsPerGib: model.fixedMs !== null ? model.fixedMs / Math.max(compute.weightGib, MIN_GIB) : (previous?.fixedMsPerGib ?? null),
    fillMsPerKib: model.fillMeasured && compute.kvKibPerCell > 0 ? model.fillMsPerCell / compute.kvKibPerCell : (previous?.fillMsPerKib ?? null),
    steps: (previous?.steps ?? 0) + measuredSteps,
    updatedAt: now,
  };
}
