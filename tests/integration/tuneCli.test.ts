import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProbeRecordSchema } from '../../src-shared/contract/probe';
import { TuneResultSchema } from '../../src-shared/contract/tune';
import { runCli } from '../support/runCli';
import { tinyModel } from '../support/tinyModel';

const dataDir = () => mkdtempSync(join(os.tmpdir(), 'headroom-tune-cli-'));

describe('headroom tune (the CLI, as a user runs it)', () => {
  it('tunes a model at a context: defaults as a baseline, a winner never slower, progress on stderr, a recipe verified by the winner step', async () => {
    const dir = dataDir();
    const model = await tinyModel();
    const run = await runCli(['tune', model, '--ctx', '512', '--generate', '4', '--json'], { env: { HEADROOM_DATA_DIR: dir } });
    expect(run.code, run.stderr).toBe(0);
    const result = TuneResultSchema.parse(JSON.parse(run.stdout));
    expect(result).toMatchObject({ status: 'done', policy: 'allow-spill', contextSize: 512, engine: 'node-llama-cpp' });
    const defaults = result.baselines.find((b) => b.name === 'node-llama-cpp-defaults')!;
    expect(defaults).toMatchObject({ outcome: 'ok', settings: { threads: expect.any(Number), batchSize: 512, typeK: 'f16' } });
    expect(result.winner!.requestSeconds).toBeLessThanOrEqual(defaults.requestSeconds!);
    expect(result.winner!.promptTokensPerSecond).toBeGreaterThan(0);
    // Every knob value tried is a real step; the defaults ran twice (once more against the leader).
    expect(new Set(result.candidates.map((c) => c.settings.threads)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(result.candidates.map((c) => c.settings.flashAttention))).toEqual(new Set([true, false]));
    // This model's 16-wide heads cannot hold a q8_0 cache: the memory model rules it out instead of running it.
    expect(result.candidates.some((c) => c.settings.typeK === 'q8_0')).toBe(false);
    expect(result.pruned.some((p) => /divisible by 32/.test(p.reason))).toBe(true);
    expect(result.pareto).toContain(result.winner!.stepId);
    expect(run.stderr).toMatch(/\[tune\] step 1 of \d+: node-llama-cpp's defaults/);
    expect(run.stderr).toMatch(/\[tune\] step \d+ of \d+, ~\d+ s left: /);

    // The steps are a probe file; the recipe cites the winner's step for every setting.
    const steps = readFileSync(join(dir, 'probes', `${result.probeId}.jsonl`), 'utf8').trim().split('\n').map((l) => ProbeRecordSchema.parse(JSON.parse(l))).filter((r) => r.type === 'step');
    expect(steps).toHaveLength(result.candidates.length);
    const winnerStep = steps.find((s) => s.type === 'step' && s.id === result.winner!.stepId)!;
    expect(winnerStep).toMatchObject({ outcome: 'ok', threads: result.winner!.settings.threads, flashAttention: result.winner!.settings.flashAttention });
    const sources = Object.values(result.recipe!.recipe.sources);
    expect(sources.length).toBeGreaterThan(5);
    expect(sources.every((s) => s.kind === 'verified' && s.stepId === result.winner!.stepId)).toBe(true);
    expect(result.recipe!.rendered.find((r) => r.runtime === 'llama.cpp')!.commands.join('\n')).toContain(`-t ${result.winner!.settings.threads}`);

    const shown = await runCli(['tune', '--show', result.id, '--json'], { env: { HEADROOM_DATA_DIR: dir } });
    expect(JSON.parse(shown.stdout).winner).toEqual(result.winner);
  }, 300_000);

  it('gpu-only on the CPU says it cannot, estimate --plan shows what fits and what tune would try, and a missing --ctx is a usage error', async () => {
    const dir = dataDir();
    const model = await tinyModel();
    const refused = await runCli(['tune', model, '--ctx', '512', '--policy', 'gpu-only', '--json'], { env: { HEADROOM_DATA_DIR: dir } });
    expect(refused.code, refused.stderr).toBe(0);
    expect(JSON.parse(refused.stdout)).toMatchObject({ status: 'no_fit', winner: null, candidates: [], message: expect.stringMatching(/gpu-only keeps the model on a GPU/) });
    // The plan before loading: what fits where per setting, and what tune would try, with nothing run.
    const plan = await runCli(['estimate', model, '--plan', '--ctx', '512', '--json'], { env: { HEADROOM_DATA_DIR: dir } });
    expect(plan.code, plan.stderr).toBe(0);
    const doc = JSON.parse(plan.stdout) as { contextSize: number; devices: { kind: string; limitBytes: number }[]; grid: { fits: boolean; reason: string | null; estimate: { ramBytes: number } | null }[]; wouldTry: { stage: string }[] };
    expect(doc.contextSize).toBe(512);
    expect(doc.devices[0]).toMatchObject({ kind: 'cpu', limitBytes: expect.any(Number) });
    expect(doc.grid.filter((g) => g.fits).every((g) => g.estimate!.ramBytes > 0)).toBe(true);
    expect(doc.grid.some((g) => !g.fits && /divisible by 32/.test(g.reason ?? ''))).toBe(true);
    expect(doc.wouldTry[0]!.stage).toBe('baseline');
    const usage = await runCli(['tune', model, '--json'], { env: { HEADROOM_DATA_DIR: dir } });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/tune needs --ctx N/);
  }, 120_000);
});
