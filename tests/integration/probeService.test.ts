import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProbeRecordSchema, type MemoryBudget, type StepResult } from '../../src-shared/contract/probe';
import { granularityAt } from '../../src-shared/domain/probe/granularity';
import { nodeContext } from '../../src-main/headless/nodeContext';
import { executeStep } from '../../src-main/probe/executeStep';
import { forkNodeWorker } from '../../src-main/probe/forkNodeWorker';
import { ProbeService } from '../../src-main/probe/ProbeService';
import type { WorkerLauncher } from '../../src-main/probe/WorkerLauncher';
import { budgetModel, identity, wideKvModel } from './probeFixtures';

const tempDir = () => mkdtempSync(join(os.tmpdir(), 'headroom-probe-'));

async function finished(service: ProbeService, id: string) {
  for (;;) {
    const summary = service.get(id).summary;
    if (summary.status !== 'running') return service.get(id);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the probe service with real workers', () => {
  // The worker's address space varies by a few MB from run to run (V8 and glibc reservations), about 300
  // tokens of this model: a granularity of 1024 tokens keeps the re-run outside that noise.
  it('find-max under an address-space budget finds a boundary that re-running confirms: max runs, max + granularity fails', async () => {
    const context = nodeContext({ dataDir: tempDir() });
    const service = new ProbeService(context);
    const budget: MemoryBudget = { mechanism: 'addressSpace', ramBytes: 2.2e9, vramBytes: null };
    const model = await wideKvModel();
    const events: string[] = [];
    context.events.on('probe:onStep', (e) => events.push(`${e.step.contextSize}:${e.step.outcome}`));
    // The prompt-filling search (the fast one is tested in probeFast.test.ts): an address-space limit decides at allocation either way.
    const started = await service.start({ model: { path: model }, mode: 'findMax', search: 'prompt', flashAttention: [false], budget, threads: 1, generateTokens: 4, promptFill: 0.05, granularityTokens: 1024 });
    expect(started.status).toBe('running');
    const detail = await finished(service, started.id);
    expect(detail.summary.status).toBe('done');
    expect(detail.summary.maxContext.verified).toBe(true);
    const max = detail.summary.maxContext.flashAttention.off!;
    expect(max).toBeGreaterThan(1024);
    expect(events).toHaveLength(detail.steps.length);
    expect(detail.steps.length).toBeLessThanOrEqual(10);

    const g = granularityAt(max, 1024, 0.02);
    const rerun = (contextSize: number) => executeStep({ launch: forkNodeWorker, modelPath: model, config: { ...detail.header.plan.base, contextSize, flashAttention: false }, budget, identity: identity(), timeoutMs: 120_000 });
    expect((await rerun(max)).outcome).toBe('ok');
    const above = await rerun(max + g);
    expect(above.outcome).toBe('oom');
    expect(above.failure?.classification).toBe('address_space_limit');

    // The file holds exactly what the events said, each line valid.
    const lines = readFileSync(detail.summary.file, 'utf8').trim().split('\n').map((l) => ProbeRecordSchema.parse(JSON.parse(l)));
    expect(lines[0]!.type).toBe('header');
    expect(lines.filter((l) => l.type === 'step')).toHaveLength(detail.steps.length);
    expect(lines.at(-1)).toMatchObject({ type: 'status', status: 'done' });
  });

  it('workers killed mid-step (SIGKILL, SIGSEGV, SIGABRT) become results and the probe goes on', async () => {
    const signals = ['SIGKILL', 'SIGSEGV', 'SIGABRT'] as const;
    let launched = 0;
    // A launcher that kills the first three workers once they start evaluating: real kills of real processes.
    const killing: WorkerLauncher = (options) => {
      const worker = forkNodeWorker(options);
      const signal = signals[launched++];
      if (signal) worker.onMessage((m) => (m as { type?: string; phase?: string }).phase === 'prompt' && worker.kill(signal));
      return worker;
    };
    const service = new ProbeService(nodeContext({ dataDir: tempDir(), launchWorker: killing }));
    const started = await service.start({ model: { path: await budgetModel() }, mode: 'grid', contexts: [512, 768, 1024, 1280], flashAttention: [false], threads: 1, generateTokens: 4, promptFill: 0.5 });
    const detail = await finished(service, started.id);
    expect(detail.steps.map((s) => s.outcome)).toEqual(['crashed', 'crashed', 'crashed', 'ok']);
    expect(detail.steps.map((s) => s.failure?.signal ?? null)).toEqual([...signals, null]);
    expect(detail.steps.map((s) => s.failure?.classification ?? null)).toEqual(['killed', 'segfault', 'abort', null]);
    expect(detail.summary.status).toBe('done');
  });

  it('cancel kills the running step, records it as cancelled, and resume runs it again', async () => {
    const dataDir = tempDir();
    const context = nodeContext({ dataDir });
    const service = new ProbeService(context);
    const started = await service.start({ model: { path: await budgetModel() }, mode: 'grid', contexts: [512, 4096], flashAttention: [false], threads: 1, generateTokens: 4 });
    await new Promise<void>((resolve) => context.events.on('probe:onStepStarted', (e) => e.index === 1 && setTimeout(resolve, 800)));
    const cancelled = await service.cancel(started.id);
    expect(cancelled.status).toBe('cancelled');
    const steps: StepResult[] = service.get(started.id).steps;
    expect(steps.map((s) => s.outcome)).toEqual(['ok', 'cancelled']);
    expect(cancelled.remainingSteps).toBe(1);

    // A fresh service (as after a restart) continues the plan from the file.
    const again = new ProbeService(nodeContext({ dataDir }));
    expect(again.list().probes[0]).toMatchObject({ id: started.id, status: 'cancelled' });
    await again.resume(started.id);
    const detail = await finished(again, started.id);
    expect(detail.summary.status).toBe('done');
    expect(detail.steps.map((s) => `${s.contextSize}:${s.outcome}`)).toEqual(['512:ok', '4096:cancelled', '4096:ok']);
  });

  it('verify runs one step with a fix applied and returns it', async () => {
    const service = new ProbeService(nodeContext({ dataDir: tempDir() }));
    const { probeId, step } = await service.verify({ model: { path: await budgetModel() }, contextSize: 1024, change: { flashAttention: true, typeK: 'q8_0', typeV: 'q8_0' }, threads: 1, generateTokens: 4 });
    expect(step).toMatchObject({ probeId, contextSize: 1024, flashAttention: true, typeK: 'q8_0', typeV: 'q8_0', outcome: 'ok' });
    expect(service.get(probeId).summary).toMatchObject({ mode: 'verify', status: 'done', stepCount: 1 });
  });

  it('says clearly when a budget cannot be imposed, before running anything', async () => {
    const service = new ProbeService(nodeContext({ dataDir: tempDir() }));
    await expect(service.start({ model: { path: await budgetModel() }, mode: 'findMax', budget: { mechanism: 'addressSpace', ramBytes: 5e8, vramBytes: null } })).rejects.toThrow(/below what the worker needs/);
    await expect(service.start({ model: { path: '/nonexistent.gguf' }, mode: 'findMax' })).rejects.toThrow(/No model file/);
    await expect(service.start({ model: { preset: 'no-such-model' }, mode: 'findMax' })).rejects.toThrow(/Unknown preset/);
  });
});
