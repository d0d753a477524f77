import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MemoryBudget, ProbeStepProgressEvent } from '../../src-shared/contract/probe';
import { SpeedRecordSchema } from '../../src-shared/contract/probeSpeedRecord';
import { TIMEOUT_RULES } from '../../src-shared/domain/probe/stepTimeout';
import { SPEED_CALIBRATION_FILE } from '../../src-main/probe/speedCalibration';
import { formatDetail } from '../../src-main/headless/commands/probeCommand';
import { nodeContext } from '../../src-main/headless/nodeContext';
import { executeStep } from '../../src-main/probe/executeStep';
import { forkNodeWorker } from '../../src-main/probe/forkNodeWorker';
import { ProbeService } from '../../src-main/probe/ProbeService';
import type { WorkerLauncher } from '../../src-main/probe/WorkerLauncher';
import { budgetModel, identity, stepConfig } from './probeFixtures';

// The fast find-max with the real worker on tiny generated models: the `copy` and `none` fills, a step that
// times out (never a memory limit), progress inside a step, and cancel mid-prompt.

const tempDir = () => mkdtempSync(join(os.tmpdir(), 'headroom-probe-fast-'));

async function finished(service: ProbeService, id: string) {
  for (;;) {
    const detail = service.get(id);
    if (detail.summary.status !== 'running') return detail;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('fast find-max with real workers', () => {
  it('a copy step fills the cache with copied rows and evaluates one batch at the far end; a none step stops at depth 0', async () => {
    const model = await budgetModel();
    const cgroup: MemoryBudget = { mechanism: 'cgroup', ramBytes: 1e9, vramBytes: null };
    const copy = await executeStep({ launch: forkNodeWorker, modelPath: model, config: stepConfig(4096, { fill: 'copy', generateTokens: 4 }), budget: cgroup, identity: identity(), timeoutMs: 120_000 });
    expect(copy.outcome, copy.failure?.message).toBe('ok');
    expect(copy.depth).toBe(4096 - 512 - 4);
    expect(copy.promptTokens).toBe(512);
    expect(copy.generatedTokens).toBe(4);
    expect(copy.fillMs).toBeGreaterThan(0);
    expect(copy.shallowPromptTokensPerSecond).toBeGreaterThan(0);
    // Attention over 3.5k cells costs more than over none: the batch at depth is slower than the first one.
    expect(copy.promptTokensPerSecond!).toBeLessThan(copy.shallowPromptTokensPerSecond!);
    const none = await executeStep({ launch: forkNodeWorker, modelPath: model, config: stepConfig(4096, { fill: 'none', generateTokens: 2 }), budget: cgroup, identity: identity(1), timeoutMs: 120_000 });
    expect(none).toMatchObject({ outcome: 'ok', depth: 0, promptTokens: 512, generatedTokens: 2 });
    // Both allocated the same 4096-cell cache (8 KiB a token), so both charged it to the cgroup.
    expect(copy.reported?.kvBytes).toBe(none.reported?.kvBytes);
    expect(none.cgroupAnonBytes!).toBeGreaterThan(32 * 2 ** 20);
  });

  it('a worker the kernel kills while it fills the cache leaves no state file in /dev/shm (memory-backed: it would hold RAM until reboot)', async () => {
    const model = await budgetModel();
    const stateFiles = () => readdirSync('/dev/shm').filter((name) => /^headroom-(seed|fill)-\d+\.bin$/.test(name));
    const before = stateFiles();
    const phases: (string | undefined)[] = [];
    // Budgets around the one where this 12k-cell copy fill is killed mid-write (a tmpfs write is charged to the writer).
    for (const ramBytes of [130e6, 140e6, 150e6]) {
      const budget: MemoryBudget = { mechanism: 'cgroup', ramBytes, vramBytes: null };
      const step = await executeStep({ launch: forkNodeWorker, modelPath: model, config: stepConfig(12288, { fill: 'copy', generateTokens: 4 }), budget, identity: identity(), timeoutMs: 120_000 });
      expect(step.outcome).toBe('oom');
      phases.push(step.failure?.phase);
    }
    expect(phases).toContain('fill');
    expect(stateFiles()).toEqual(before);
  }, 300_000);

  it('under a cgroup budget, finds a maximum that ran a full batch at the far end of its cache, bounded by a real out-of-memory; predicted before it starts, and the next probe from the speed record it leaves', async () => {
    const dataDir = tempDir();
    const context = nodeContext({ dataDir });
    const service = new ProbeService(context);
    const firstStepTimeouts: number[] = [];
    const off = context.events.on('probe:onStepProgress', (e) => void (e.index === 0 && firstStepTimeouts.push(e.timeoutMs)));
    const budget: MemoryBudget = { mechanism: 'cgroup', ramBytes: 160e6, vramBytes: null };
    const input = { model: { path: await budgetModel() }, mode: 'findMax' as const, flashAttention: [true], budget, threads: 1, granularityTokens: 1024 };
    const started = await service.start(input);
    // Before any step: a prediction, from the rough prior (this data folder has no speed record yet).
    expect(started.time?.atStart).toMatchObject({ source: 'rough_prior' });
    expect(started.time?.atStart?.totalMs).toBeGreaterThan(0);
    const detail = await finished(service, started.id);
    off();
    // The first step's timeout came from its prediction (ten times it, at least 2 minutes), not a fixed 10 minutes.
    expect(firstStepTimeouts.length).toBeGreaterThan(0);
    expect(firstStepTimeouts[0]).toBeGreaterThanOrEqual(TIMEOUT_RULES.rough_prior.floorMs);
    expect(firstStepTimeouts[0]).not.toBe(600_000);
    expect(detail.summary.time?.source).toBe('measured');
    const record = SpeedRecordSchema.parse(JSON.parse(readFileSync(join(dataDir, SPEED_CALIBRATION_FILE), 'utf8')));
    expect(record.entries['auto/1t/fa-on']?.steps).toBe(detail.steps.filter((s) => s.outcome === 'ok').length);
    // A second probe on this machine is predicted from that record before it runs anything.
    const second = await service.start({ ...input, maxContext: 8192 });
    expect(second.time?.atStart).toMatchObject({ source: 'machine_record' });
    await service.cancel(second.id);
    expect(detail.summary.status).toBe('done');
    const max = detail.summary.maxContext;
    expect(max.verified).toBe(true);
    expect(max.bounds?.on).toMatchObject({ by: 'oom', atDepth: true });
    const found = max.flashAttention.on!;
    const atMax = detail.steps.filter((s) => s.contextSize === found && s.outcome === 'ok').map((s) => s.fill);
    expect(atMax).toContain('copy');
    const above = detail.steps.filter((s) => s.contextSize === max.bounds!.on!.contextSize);
    expect(above.some((s) => s.outcome === 'oom')).toBe(true);
    expect(detail.steps[0]).toMatchObject({ fill: 'copy', contextSize: 4096 });
    expect(detail.analysis.speedAtDepth.length).toBeGreaterThanOrEqual(3);
    expect(detail.summary.time?.elapsedMs).toBeGreaterThan(0);
  }, 300_000);

  it('a step that times out is not a memory limit: the search goes below it and the result says "not measured in time"', async () => {
    // A launcher whose workers stop answering (SIGSTOP, as an overloaded or swapping machine's would) when asked
    // for 8192 tokens or more: the runner's own timeout then kills them, for real.
    const freezing: WorkerLauncher = (options) => {
      const worker = forkNodeWorker(options);
      const send = worker.send.bind(worker);
      return Object.assign(Object.create(worker) as typeof worker, {
        send(message: unknown) {
          send(message);
          const config = (message as { config?: { contextSize: number } }).config;
          if (config && config.contextSize >= 8192) setTimeout(() => worker.kill('SIGSTOP'), 50);
        },
      });
    };
    const service = new ProbeService(nodeContext({ dataDir: tempDir(), launchWorker: freezing }));
    const started = await service.start({ model: { path: await budgetModel() }, mode: 'findMax', flashAttention: [true], threads: 1, stepTimeoutMs: 8000, maxContext: 16384, granularityTokens: 1024 });
    const detail = await finished(service, started.id);
    expect(detail.summary.status).toBe('done');
    const timedOut = detail.steps.filter((s) => s.outcome === 'timeout');
    expect(timedOut.length).toBeGreaterThan(0);
    expect(detail.steps.some((s) => s.outcome === 'oom')).toBe(false);
    // After the timeout the search went on below it.
    expect(detail.steps.findIndex((s) => s.outcome === 'timeout')).toBeLessThan(detail.steps.length - 1);
    const max = detail.summary.maxContext;
    expect(max.flashAttention.on).toBeLessThan(8192);
    expect(max.flashAttention.on).toBeGreaterThanOrEqual(4096);
    expect(max.verified).toBe(false);
    expect(max.bounds?.on).toMatchObject({ by: 'not_measured', classification: 'timeout' });
    expect(formatDetail(detail)).toMatch(/NOT bounded by memory: \d+ could not be measured in time/);
  });

  it('reports progress inside a step (phase, tokens of total, tok/s) at least every 2 s, and cancel takes effect within 1 s mid-prompt', async () => {
    const context = nodeContext({ dataDir: tempDir() });
    const service = new ProbeService(context);
    const progress: ProbeStepProgressEvent[] = [];
    context.events.on('probe:onStepProgress', (e) => progress.push(e));
    // A prompt of 0.9 × 32k tokens on the tiny model: many batches, several seconds.
    const started = await service.start({ model: { path: await budgetModel() }, mode: 'grid', contexts: [32768], flashAttention: [false], threads: 1, generateTokens: 4 });
    const midPrompt = () => progress.find((e) => e.phase === 'prompt' && (e.tokensDone ?? 0) >= 2048);
    while (!midPrompt()) await new Promise((r) => setTimeout(r, 50));
    const at = performance.now();
    const summary = await service.cancel(started.id);
    const cancelMs = performance.now() - at;
    expect(summary.status).toBe('cancelled');
    expect(cancelMs).toBeLessThan(1000);
    const prompt = progress.filter((e) => e.phase === 'prompt' && e.tokensTotal !== null);
    expect(prompt.at(-1)!.tokensTotal).toBe(Math.floor(32768 * 0.9));
    expect(prompt.some((e) => (e.tokensPerSecond ?? 0) > 0)).toBe(true);
    const gaps = progress.slice(1).map((e, i) => e.elapsedMs - progress[i]!.elapsedMs);
    expect(Math.max(...gaps)).toBeLessThan(2500);
    const step = service.get(started.id).steps[0]!;
    expect(step).toMatchObject({ outcome: 'cancelled', failure: { phase: 'prompt' } });
  });
});
