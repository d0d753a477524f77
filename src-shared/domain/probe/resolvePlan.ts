import type { MemoryBudget, ProbePlan, ProbeStart, ProbeVerify, StepConfig } from '../../contract/probe.js';
import { InvalidInputError } from '../../errors/InvalidInputError.js';
import { budgetLimit } from './budgetUsage.js';
import { alignDown } from './granularity.js';

/** Bytes of each kind the memory model expects a configuration to allocate. */
export type AllocationEstimate = (contextSize: number, flashAttention: boolean) => { ramBytes: number; vramBytes: number } | null;

/** What the plan needs from outside: the machine and the model. */
export interface PlanFacts {
  /** Logical CPUs this process may use (the hardware probe's `cores`). */
  usableCores: number;
  trainContextSize: number | null;
  estimate: AllocationEstimate | null;
}

/**
 * The worker's own footprint that a budget also counts, beyond what llama.cpp allocates: Node and the
 * native libraries. Measured on Linux x64: ~45 MB charged to a fresh cgroup, ~1.15 GB of address space
 * (with MALLOC_ARENA_MAX=2, which the runner sets under an address-space budget).
 */
export const WORKER_OVERHEAD_BYTES: Record<MemoryBudget['mechanism'], number> = { cgroup: 48 * 2 ** 20, addressSpace: 1.15e9, estimateCap: 0 };

/** The smallest address-space budget a worker can start under. */
export const MIN_ADDRESS_SPACE_BYTES = 1.25e9;

const DEFAULT_CONTEXTS = [512, 1024, 2048, 4096];
/** Tokens a fast find-max generates at each depth unless told (see resolvePlan). */
const FAST_GENERATE_TOKENS = 8;

/** Default threads: the usable cores but one (left for the app), at most 8, at least 1. */
export function defaultThreads(usableCores: number): number {
  return Math.min(8, Math.max(1, usableCores - 1));
}

/** The base configuration from a caller's settings, checked against the machine. */
export function resolveBase(input: ProbeStart | ProbeVerify, facts: PlanFacts): ProbePlan['base'] {
  const threads = input.threads ?? defaultThreads(facts.usableCores);
  if (threads > facts.usableCores) throw new InvalidInputError(`threads ${threads} is more than the ${facts.usableCores} usable cores.`, `Pass --threads ${facts.usableCores} or fewer (more threads than cores slows llama.cpp down).`);
  const batchSize = input.batchSize ?? 512;
  const ubatchSize = input.ubatchSize ?? batchSize;
  if (ubatchSize !== batchSize) throw new InvalidInputError(`ubatch ${ubatchSize} differs from batch ${batchSize}; node-llama-cpp always runs them equal.`, 'Leave ubatchSize out, or set it equal to batchSize.');
  const memoryCheck = input.memoryCheck ?? 'estimate';
  if (memoryCheck === 'allocate' && input.budget?.mechanism === 'estimateCap')
    throw new InvalidInputError('An estimateCap budget works through node-llama-cpp\'s estimate, which memoryCheck "allocate" skips.', 'Use memoryCheck "estimate" with that budget, or a cgroup or addressSpace budget.');
  return {
    typeK: input.typeK ?? 'f16',
    typeV: input.typeV ?? input.typeK ?? 'f16',
    gpuLayers: input.gpuLayers ?? 'auto',
    batchSize,
    ubatchSize,
    threads,
    generateTokens: input.generateTokens ?? 64,
    promptFill: input.promptFill ?? 0.9,
    backend: input.backend ?? 'auto',
    memoryCheck,
  };
}

/** A probe's full plan: defaults applied, the budget checked, and where the memory model says to start. */
export function resolvePlan(input: ProbeStart, facts: PlanFacts): ProbePlan {
  const base = resolveBase(input, facts);
  const budget = checkBudget(input.budget ?? null);
  const minContext = input.minContext ?? 256;
  const maxContext = input.maxContext ?? facts.trainContextSize ?? 131072;
  if (minContext > maxContext) throw new InvalidInputError(`minContext ${minContext} is above maxContext ${maxContext}.`, 'Lower minContext or raise maxContext.');
  const contexts = input.contexts ?? DEFAULT_CONTEXTS.filter((c) => c <= maxContext);
  const fast = input.mode === 'findMax' && (input.search ?? 'fast') === 'fast';
  const plan: ProbePlan = {
    mode: input.mode,
    base,
    contexts: contexts.length ? contexts : [minContext],
    flashAttention: input.flashAttention ?? [true, false],
    kvCacheTypes: input.kvCacheTypes ?? [],
    budget,
    minContext,
    maxContext,
    granularityTokens: input.granularityTokens ?? 256,
    granularityFraction: input.granularityFraction ?? 0.02,
    stepTimeoutMs: input.stepTimeoutMs ?? 600_000,
    startHint: { on: null, off: null },
    bytesPerToken: { on: null, off: null },
    ...(input.mode === 'findMax' && {
      search: fast ? 'fast' : 'prompt',
      // A fast find-max generates at depths of tens of thousands of tokens, where each token is slow on a CPU.
      ...(fast && { depthGenerateTokens: input.generateTokens ?? FAST_GENERATE_TOKENS }),
      depthCheck: input.depthCheck ?? true,
      speedDepths: input.speedDepths ?? null,
      minGenerationTps: input.minGenerationTps ?? null,
    }),
    predictTimeouts: input.stepTimeoutMs === undefined,
    budgetMs: input.budgetMs ?? null,
  };
  const estimate = facts.estimate;
  if (!estimate) return plan;
  if (!budget) {
    // No budget imposed: on a GPU, find-max aims at the device's VRAM (planNextStep), with the model's VRAM slope.
    for (const fa of [true, false]) plan.bytesPerToken[fa ? 'on' : 'off'] = slopeOf((c) => estimate(c, fa)?.vramBytes);
    return plan;
  }
  for (const fa of [true, false]) {
    const key = fa ? 'on' : 'off';
    plan.bytesPerToken[key] = slopeOf((c) => predicted(budget, estimate, c, fa));
    plan.startHint[key] = startHint(budget, estimate, fa, minContext, maxContext);
  }
  return plan;
}

/** A single-step plan (`probe:verify`). */
export function verifyPlan(input: ProbeVerify, facts: PlanFacts): ProbePlan {
  const base = resolveBase(input, facts);
  const change = input.change ?? {};
  const config: StepConfig = {
    ...base,
    contextSize: change.contextSize ?? input.contextSize,
    flashAttention: change.flashAttention ?? input.flashAttention ?? false,
    ...(change.typeK && { typeK: change.typeK }),
    ...(change.typeV && { typeV: change.typeV }),
    ...(change.gpuLayers !== undefined && { gpuLayers: change.gpuLayers }),
    ...(change.batchSize && { batchSize: change.batchSize, ubatchSize: change.batchSize }),
    ...(change.threads && { threads: Math.min(change.threads, facts.usableCores) }),
  };
  const { contextSize, flashAttention, ...rest } = config;
  return {
    mode: 'verify',
    base: rest,
    contexts: [contextSize],
    flashAttention: [flashAttention],
    kvCacheTypes: [],
    budget: checkBudget(input.budget ?? null),
    minContext: contextSize,
    maxContext: contextSize,
    granularityTokens: 256,
    granularityFraction: 0.02,
    stepTimeoutMs: input.stepTimeoutMs ?? 600_000,
    startHint: { on: null, off: null },
    bytesPerToken: { on: null, off: null },
  };
}

function checkBudget(budget: MemoryBudget | null): MemoryBudget | null {
  if (!budget) return null;
  if (budget.mechanism === 'estimateCap' && budget.ramBytes === null && budget.vramBytes === null)
    throw new InvalidInputError('An estimateCap budget needs ramBytes or vramBytes.', 'Give the RAM cap (--memory-limit) or the VRAM cap (--vram-limit).');
  if (budget.mechanism !== 'estimateCap' && budget.ramBytes === null)
    throw new InvalidInputError(`A ${budget.mechanism} budget needs ramBytes.`, 'Give the limit (--memory-limit 3GiB).');
  if (budget.mechanism === 'addressSpace' && budget.ramBytes! < MIN_ADDRESS_SPACE_BYTES)
    throw new InvalidInputError(`An address-space budget of ${budget.ramBytes} bytes is below what the worker needs to start (about 1.15 GB of address space).`, 'Give at least 1.25 GB, or use the cgroup budget to limit real memory.');
  return budget;
}

/** The budgeted figure the memory model predicts: allocations (RAM or VRAM) plus the worker's own footprint. */
function predicted(budget: MemoryBudget, estimate: AllocationEstimate, contextSize: number, fa: boolean): number | null {
  const e = estimate(contextSize, fa);
  if (!e) return null;
  if (budget.mechanism === 'estimateCap' && budget.vramBytes !== null) return e.vramBytes;
  return e.ramBytes + WORKER_OVERHEAD_BYTES[budget.mechanism];
}

/** Bytes per token of a figure between 2,048 and 4,096 tokens; null when it does not grow. */
function slopeOf(figure: (contextSize: number) => number | null | undefined): number | null {
  const a = figure(2048);
  const b = figure(4096);
  return a == null || b == null || b <= a ? null : (b - a) / 2048;
}

/**
 * Nine tenths of the largest context the memory model says fits: likely to run (the model is within a
 * few per cent on the measured cases), and near enough that aiming from it lands on the boundary.
 */
export const START_FRACTION = 0.9;

/** Where find-max starts under a budget (see START_FRACTION). */
function startHint(budget: MemoryBudget, estimate: AllocationEstimate, fa: boolean, min: number, max: number): number | null {
  const limit = budgetLimit(budget)!;
  const fits = (c: number) => (predicted(budget, estimate, c, fa) ?? Infinity) <= limit;
  if (!fits(min)) return null;
  let lo = min;
  let hi = max;
  if (fits(hi)) return alignDown(Math.max(min, hi * START_FRACTION));
  while (hi - lo > 256) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return Math.max(min, alignDown(lo * START_FRACTION));
}
