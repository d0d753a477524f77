import { describe, expect, it } from 'vitest';
import type { MemoryBudget, ProbePlan, StepConfig, StepResult } from '../../src-shared/contract/probe';
import { costModel, predictStepMs } from '../../src-shared/domain/probe/costModel';
import { CALIBRATION_CONTEXT } from '../../src-shared/domain/probe/fastFindMax';
import { maxContextOf, planNextStep } from '../../src-shared/domain/probe/planNextStep';
import { predictProbe } from '../../src-shared/domain/probe/predictProbe';
import { skippedSteps } from '../../src-shared/domain/probe/skippedSteps';
import { speedAtDepth, speedFloors } from '../../src-shared/domain/probe/speedAtDepth';
import { stepTimeout, TIMEOUT_RULES } from '../../src-shared/domain/probe/stepTimeout';
import { priorFromRecord, roughPrior, speedRecordKey, updatedEntry, type ModelCompute } from '../../src-shared/domain/probe/speedPrior';
import { planOf, stepOf } from './probeStepFactory';

// A pretend CPU: memory grows linearly with context; a batch at the far end of the cache touches a little more
// (the attention mask and scratch); prompt tokens cost a + k·depth seconds, as measured on the 2-vCPU machine, and a
// generated token's depth cost is about 40 times a prompt token's (one token reads the whole cache; measured there
// at 64k depth, FA on).
const GiB = 2 ** 30;
const budget: MemoryBudget = { mechanism: 'cgroup', ramBytes: 2.5 * GiB, vramBytes: null };
const A = 1 / 84;
const K = 2.95e-6;
const KG = 40 * K;
const base = 1.15 * GiB;
const perToken = 16 * 1024;
const atDepthPerToken = 1024;
const memoryOf = (c: StepConfig) => base + perToken * c.contextSize + ((c.fill ?? 'prompt') === 'none' ? 0 : atDepthPerToken * c.contextSize);
const boundary = (fill: 'none' | 'copy') => Math.floor((budget.ramBytes! - base) / (perToken + (fill === 'none' ? 0 : atDepthPerToken)));

type Outcome = (config: StepConfig) => Partial<StepResult> | null;

/** What a worker would report for a config on the pretend machine (or an override, e.g. a timeout). */
function measure(config: StepConfig, override: Outcome = () => null): StepResult {
  const special = override(config);
  if (special) return stepOf(config, { durationMs: 30_000, ...special });
  if (memoryOf(config) > budget.ramBytes!) return stepOf(config, { outcome: 'oom', durationMs: 8000, failure: { message: 'killed', signal: 'SIGKILL', exitCode: null, stderrTail: [], classification: 'cgroup_oom_kill', phase: config.fill === 'copy' ? 'prompt' : 'context' } });
  const batch = config.batchSize;
  const depth = config.fill === 'copy' ? config.contextSize - batch - config.generateTokens : 0;
  const pp = 1 / (A + K * (depth + batch / 2));
  const seconds = 4 + batch * A + batch / pp + config.generateTokens * (0.15 + KG * depth);
  return stepOf(config, {
    durationMs: seconds * 1000,
    depth,
    promptTokens: batch,
    promptTokensPerSecond: pp,
    shallowPromptTokensPerSecond: 1 / (A + (K * batch) / 2),
    generationTokensPerSecond: 1 / (0.15 + KG * depth),
    fillMs: config.fill === 'copy' ? depth * 0.02 : null,
    loadTimeMs: 3000,
    contextCreateMs: 500,
    cgroupAnonBytes: memoryOf(config),
  });
}

function execute(plan: ProbePlan, override?: Outcome): StepResult[] {
  const steps: StepResult[] = [];
  for (let i = 0; i < 40; i++) {
    const config = planNextStep(plan, steps);
    if (!config) return steps;
    expect(steps.some((s) => s.contextSize === config.contextSize && s.flashAttention === config.flashAttention && s.fill === config.fill), `repeats ${config.contextSize} ${config.fill}`).toBe(false);
    steps.push(measure(config, override));
  }
  throw new Error('the plan did not end');
}

const fastPlan = (overrides: Partial<ProbePlan> = {}) =>
  planOf({ search: 'fast', depthCheck: true, budget, base: { ...planOf().base, generateTokens: 8 }, startHint: { on: 64_000, off: null }, bytesPerToken: { on: perToken + atDepthPerToken, off: null }, predictTimeouts: true, ...overrides });

describe('fast find-max (memory by allocation, checked at depth; speed at chosen depths)', () => {
  it('calibrates, searches with allocation steps, checks the maximum at full depth, then measures speed at ¼ of it', () => {
    const steps = execute(fastPlan());
    expect(steps[0]).toMatchObject({ fill: 'copy', contextSize: CALIBRATION_CONTEXT });
    const memory = steps.filter((s) => s.fill === 'none');
    expect(memory.length).toBeGreaterThan(0);
    expect(memory.length).toBeLessThanOrEqual(8);
    const max = maxContextOf(fastPlan(), steps);
    const found = max.flashAttention.on!;
    expect(max.verified).toBe(true);
    expect(max.bounds?.on).toMatchObject({ by: 'oom', atDepth: true });
    // The maximum really runs at full depth, and the bound above it really ran out of memory.
    expect(found).toBeLessThanOrEqual(boundary('copy'));
    expect(boundary('copy') - found).toBeLessThan(0.03 * found);
    expect(steps.filter((s) => s.contextSize === max.bounds!.on!.contextSize).some((s) => s.outcome === 'oom')).toBe(true);
    const speed = steps.filter((s) => s.fill === 'copy' && s.outcome === 'ok').map((s) => s.depth!);
    expect(speed.length).toBeGreaterThanOrEqual(3);
    expect(steps.reduce((s, x) => s + x.durationMs, 0)).toBeLessThan(10 * 60_000);
  });

  it('a size that fits at allocation but not at full depth is an out-of-memory: the search goes on below it', () => {
    const steps = execute(fastPlan());
    const checks = steps.filter((s) => s.fill === 'copy' && s.contextSize > boundary('copy'));
    const max = maxContextOf(fastPlan(), steps);
    // The pretend machine's allocation boundary lies above its depth boundary, so a check there failed and counted.
    expect(boundary('none')).toBeGreaterThan(boundary('copy'));
    if (checks.length) expect(checks.every((s) => s.outcome === 'oom')).toBe(true);
    expect(max.flashAttention.on!).toBeLessThanOrEqual(boundary('copy'));
  });

  it('a step that times out is never a memory limit: the search looks below it and the result says "not measured"', () => {
    const timeoutAt = 40_000;
    const override: Outcome = (c) =>
      c.contextSize >= timeoutAt && c.fill === 'none' ? { outcome: 'timeout', failure: { message: 'Timed out during prompt after 30 s.', signal: 'SIGKILL', exitCode: null, stderrTail: [], classification: 'timeout', phase: 'prompt' } } : null;
    const plan = fastPlan();
    const steps = execute(plan, override);
    const timedOut = steps.filter((s) => s.outcome === 'timeout');
    expect(timedOut.length).toBeGreaterThan(0);
    const max = maxContextOf(plan, steps);
    expect(max.flashAttention.on).toBeLessThan(timeoutAt);
    expect(max.bounds?.on).toMatchObject({ by: 'not_measured', classification: 'timeout' });
    expect(max.verified).toBe(false);
    expect(steps.some((s) => s.outcome === 'oom' && s.contextSize < timeoutAt)).toBe(false);
  });

  it('a full-depth check that times out leaves the maximum as allocation found it, unverified at depth, and is not retried', () => {
    const override: Outcome = (c) => (c.fill === 'copy' && c.contextSize > 30_000 ? { outcome: 'timeout', failure: { message: 'Timed out', signal: 'SIGKILL', exitCode: null, stderrTail: [], classification: 'timeout', phase: 'prompt' } } : null);
    const plan = fastPlan();
    const steps = execute(plan, override);
    const max = maxContextOf(plan, steps);
    expect(max.flashAttention.on).toBeGreaterThan(boundary('copy'));
    expect(max.bounds?.on).toMatchObject({ by: 'oom', atDepth: false });
    expect(max.verified).toBe(false);
    expect(steps.filter((s) => s.fill === 'copy' && s.contextSize === max.flashAttention.on)).toHaveLength(1);
  });

  it('when even small sizes run out of memory at depth (flash attention off: attention scores grow with depth), it goes on with evaluated prompts below two batches', () => {
    const kill = (phase: 'prompt') => ({ outcome: 'oom' as const, failure: { message: 'killed', signal: 'SIGKILL', exitCode: null, stderrTail: [], classification: 'cgroup_oom_kill' as const, phase } });
    const override: Outcome = (c) => ((c.fill === 'copy' || c.fill === 'prompt') && c.contextSize > 768 ? kill('prompt') : null);
    const plan = fastPlan();
    const steps = execute(plan, override);
    expect(steps.some((s) => s.outcome === 'error')).toBe(false);
    expect(steps.some((s) => s.fill === 'prompt' && s.contextSize < 2 * 512 + 9)).toBe(true);
    const max = maxContextOf(plan, steps);
    expect(max.flashAttention.on).toBeLessThanOrEqual(768);
    expect(max.bounds?.on).toMatchObject({ by: 'oom', atDepth: true });
  });

  it('a speed floor is reported apart from memory, from measured depths only', () => {
    const plan = fastPlan({ minGenerationTps: 1 });
    const steps = execute(plan);
    const points = speedAtDepth(steps);
    expect(points.map((p) => p.depth)).toEqual([...points.map((p) => p.depth)].sort((a, b) => a - b));
    const [floor] = speedFloors(plan, points);
    const measured = points.filter((p) => p.fill === 'copy');
    const meets = measured.filter((p) => p.generationTokensPerSecond! >= 1).map((p) => p.contextSize);
    expect(meets.length).toBeGreaterThan(0);
    expect(floor).toEqual({ minGenerationTps: 1, flashAttention: true, maxContext: Math.max(...meets), firstBelow: Math.min(...measured.filter((p) => p.generationTokensPerSecond! < 1).map((p) => p.contextSize)) });
    // The memory answer does not move for it.
    expect(maxContextOf(plan, steps).flashAttention.on).toBe(maxContextOf(fastPlan(), execute(fastPlan())).flashAttention.on);
    expect(speedFloors(fastPlan(), points)).toEqual([]);
  });

  it('under an address-space budget (decided at allocation) there is no full-depth check', () => {
    const plan = fastPlan({ budget: { mechanism: 'addressSpace', ramBytes: 2.5 * GiB, vramBytes: null } });
    const steps = execute(plan);
    const max = maxContextOf(plan, steps).flashAttention.on!;
    expect(steps.filter((s) => s.contextSize === max).map((s) => s.fill)).toEqual(['none']);
    expect(maxContextOf(plan, steps).verified).toBe(true);
  });

  it('a time cap skips what does not fit and names it; the memory search still finishes when it fits', () => {
    const uncapped = execute(fastPlan());
    const memoryMs = uncapped.filter((s) => s.fill === 'none' || s.index === uncapped[0]!.index).reduce((s, x) => s + x.durationMs, 0);
    const plan = fastPlan({ budgetMs: Math.round(memoryMs + 60_000) });
    const steps = execute(plan);
    expect(steps.length).toBeLessThan(uncapped.length);
    expect(steps.reduce((s, x) => s + x.durationMs, 0)).toBeLessThanOrEqual(plan.budgetMs!);
    const skipped = skippedSteps(plan, steps);
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.join('; ')).toMatch(/(full-depth check|speed) at depth [\d,]+ \(FA on, ≈ [\d.]+ s\)/);
    expect(maxContextOf(plan, steps).flashAttention.on).not.toBeNull();
  });

  it('predicts each step from measured speed and the attention cost of depth, and times steps out at three times that (measured here)', () => {
    const plan = fastPlan();
    const calibration = measure(planNextStep(plan, [])!);
    const model = costModel([calibration]);
    expect(model.prompt!.kMeasured).toBe(true);
    expect(model.prompt!.k).toBeCloseTo(K, 6);
    const at = (contextSize: number) => predictStepMs(model, { ...plan.base, flashAttention: true, contextSize, fill: 'copy' })!;
    expect(at(65_536)).toBeGreaterThan(at(16_384) * 2);
    // Within a fifth of what the step then took: generation's depth cost is not measured deep yet (the floor
    // GENERATE_DEPTH_RATIO stands in for it).
    const config = { ...plan.base, flashAttention: true, contextSize: 32_768, fill: 'copy' as const };
    expect(Math.abs(at(32_768) - measure(config).durationMs) / measure(config).durationMs).toBeLessThan(0.2);
    expect(stepTimeout(plan, [calibration], config)).toEqual({ predictedMs: at(32_768), timeoutMs: Math.round(3 * at(32_768)) });
    expect(stepTimeout({ ...plan, predictTimeouts: false }, [calibration], config).timeoutMs).toBe(plan.stepTimeoutMs);
    expect(stepTimeout(plan, [], config)).toEqual({ predictedMs: null, timeoutMs: plan.stepTimeoutMs });
  });

  // The simulation assumes the boundary where the memory model puts it (here 10 % low) and that a check at depth
  // passes; a check that fails and the extra steps at depth it costs are what the prediction misses.
  it('predicts the whole probe after calibration, within half of what the pretend machine then takes', () => {
    const plan = fastPlan();
    const steps = execute(plan);
    const prediction = predictProbe(plan, steps.slice(0, 1))!;
    const actual = steps.slice(1).reduce((s, x) => s + x.durationMs, 0);
    expect(prediction.memoryMs).toBeLessThan(prediction.remainingMs);
    expect(Math.abs(prediction.remainingMs - actual) / actual).toBeLessThan(0.5);
    expect(predictProbe(plan, [])).toBeNull();
  });

  it('the prompt-filling search also treats a timeout as "not measured", never as out of memory', () => {
    const plan = planOf({ flashAttention: [false], maxContext: 32_768 });
    const steps: StepResult[] = [];
    for (let config = planNextStep(plan, steps); config; config = planNextStep(plan, steps)) {
      steps.push(config.contextSize >= 8192 ? stepOf(config, { outcome: 'timeout', failure: { message: 'Timed out', signal: 'SIGKILL', exitCode: null, stderrTail: [], classification: 'timeout', phase: 'prompt' } }) : stepOf(config));
      expect(steps.length).toBeLessThan(30);
    }
    const max = maxContextOf(plan, steps);
    expect(max.flashAttention.off).toBeLessThan(8192);
    expect(max.bounds?.off).toMatchObject({ by: 'not_measured', contextSize: 8192 });
    expect(max.verified).toBe(false);
  });
});

describe('time predicted before the probe starts: the machine speed record, else the rough prior', () => {
  // The pretend model's compute: what the record is normalised by (numbers of the 4-layer 8B-geometry model).
  const compute: ModelCompute = { weightGflop: 2.8, weightGib: 0.73, attentionMflopPerCell: 0.0655, kvKibPerCell: 16 };
  const total = (steps: StepResult[]) => steps.reduce((s, x) => s + x.durationMs, 0);

  it('every step the search runs is simulated, the failed full-depth check and the search at depth after it included', () => {
    const plan = fastPlan();
    const steps = execute(plan);
    const failedCheck = steps.find((s) => s.fill === 'copy' && s.outcome === 'oom');
    expect(failedCheck, 'the pretend machine fits less at depth than at allocation').toBeDefined();
    const prediction = predictProbe(plan, steps.slice(0, 1))!;
    expect(prediction.source).toBe('measured');
    expect(prediction.steps.filter((p) => p.purpose === 'depth_check').length).toBeGreaterThan(1);
    // Within a third of what the pretend machine then took (generation's depth cost is still the floor's).
    expect(Math.abs(prediction.remainingMs - total(steps.slice(1))) / total(steps.slice(1))).toBeLessThan(0.35);
  });

  it('with no record, the rough prior predicts before the first step, labelled as such, and times out every step from it', () => {
    const plan = fastPlan({ speedPrior: roughPrior(compute, 1) });
    const prediction = predictProbe(plan, [])!;
    expect(prediction.source).toBe('rough_prior');
    expect(prediction.remainingMs).toBeGreaterThan(0);
    const first = planNextStep(plan, [])!;
    const { predictedMs, timeoutMs } = stepTimeout(plan, [], first);
    expect(timeoutMs).toBe(Math.round(Math.max(TIMEOUT_RULES.rough_prior.floorMs, TIMEOUT_RULES.rough_prior.factor * predictedMs!)));
    expect(timeoutMs).not.toBe(plan.stepTimeoutMs);
    // The rough prior is conservative: slower than the pretend machine (itself this project's measured CPU).
    expect(prediction.remainingMs).toBeGreaterThan(total(execute(plan)));
    expect(stepTimeout(fastPlan(), [], first)).toEqual({ predictedMs: null, timeoutMs: fastPlan().stepTimeoutMs });
  });

  it('a second probe on the machine is predicted from the record of the first, within a quarter, before it starts', () => {
    const first = execute(fastPlan());
    const entry = updatedEntry(null, costModel(first), compute, first.length, '2026-12-05T00:00:00Z')!;
    expect(entry.promptDepthSecPerMflop).not.toBeNull();
    expect(entry.generateDepthSecPerMflop).not.toBeNull();
    // The second probe has a smaller budget: other sizes, other steps, the same machine.
    const smaller: MemoryBudget = { mechanism: 'cgroup', ramBytes: 2.2 * GiB, vramBytes: null };
    // The memory model's start, as resolvePlan makes it: nine tenths of its (here exact) allocation boundary.
    const startHint = Math.floor((0.9 * (smaller.ramBytes! - base)) / perToken / 256) * 256;
    const plan = fastPlan({ budget: smaller, startHint: { on: startHint, off: null }, speedPrior: priorFromRecord(entry, compute, 1) });
    const prediction = predictProbe(plan, [])!;
    expect(prediction.source).toBe('machine_record');
    const second = executeUnder(plan, smaller);
    expect(Math.abs(prediction.remainingMs - total(second)) / total(second)).toBeLessThan(0.25);
    const { predictedMs, timeoutMs } = stepTimeout(plan, [], planNextStep(plan, [])!);
    expect(timeoutMs).toBe(Math.round(Math.max(TIMEOUT_RULES.machine_record.floorMs, TIMEOUT_RULES.machine_record.factor * predictedMs!)));
  });

  it('after the first step, the record\'s line keeps its shape and takes this probe\'s level (a machine three times as loaded)', () => {
    const entry = updatedEntry(null, costModel(execute(fastPlan())), compute, 10, 'now')!;
    const prior = priorFromRecord(entry, compute, 1);
    const calibration = measure(planNextStep(fastPlan(), [])!);
    const loaded = { ...calibration, promptTokensPerSecond: calibration.promptTokensPerSecond! / 3, shallowPromptTokensPerSecond: calibration.shallowPromptTokensPerSecond! / 3, generationTokensPerSecond: calibration.generationTokensPerSecond! / 3 };
    const model = costModel([loaded], prior);
    expect(model.source).toBe('measured');
    expect(model.prompt!.k / prior.prompt.k).toBeCloseTo(3, 0);
    expect(model.generate!.k / prior.generate.k).toBeCloseTo(3, 0);
    expect(model.prompt!.a / prior.prompt.a).toBeCloseTo(3, 0);
  });

  it('the record scales to another model by its compute: twice the FLOPs, twice the prompt time per token', () => {
    const entry = updatedEntry(null, costModel(execute(fastPlan())), compute, 10, 'now')!;
    const one = priorFromRecord(entry, compute, 1);
    const two = priorFromRecord(entry, { ...compute, weightGflop: 2 * compute.weightGflop, attentionMflopPerCell: 2 * compute.attentionMflopPerCell }, 1);
    expect(two.prompt.a).toBeCloseTo(2 * one.prompt.a, 9);
    expect(two.prompt.k).toBeCloseTo(2 * one.prompt.k, 12);
    expect(one.source).toBe('machine_record');
    expect(speedRecordKey({ backend: 'cpu', threads: 1, flashAttention: true })).toBe('cpu/1t/fa-on');
  });
});

/** `execute` on the pretend machine under another budget (its memory line reaches that budget). */
function executeUnder(plan: ProbePlan, limit: MemoryBudget): StepResult[] {
  return execute(plan, (config) => {
    if (memoryOf(config) <= limit.ramBytes!) return null;
    return { outcome: 'oom', durationMs: 8000, failure: { message: 'killed', signal: 'SIGKILL', exitCode: null, stderrTail: [], classification: 'cgroup_oom_kill', phase: config.fill === 'copy' ? 'prompt' : 'context' } };
  });
}
