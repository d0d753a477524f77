import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProbeRecordSchema } from '../../src-shared/contract/probe';
import { CLI, ROOT } from '../support/paths';
import { runCli } from '../support/runCli';
import { budgetModel } from './probeFixtures';

const dataDir = () => mkdtempSync(join(os.tmpdir(), 'headroom-probe-cli-'));

describe('headroom probe (the CLI, as a user runs it)', () => {
  it('runs a grid (contexts × flash attention × KV types) and prints one JSON document', async () => {
    const model = await budgetModel();
    const run = await runCli(['probe', model, '--ctx', '512,1024', '--fa', 'on,off', '--kv', 'f16,q8_0', '--threads', '1', '--generate', '4', '--prompt-fill', '0.5', '--json'], { env: { HEADROOM_DATA_DIR: dataDir() } });
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { mode: string; steps: Record<string, unknown>[]; maxContext: unknown; file: string };
    expect(doc.mode).toBe('grid');
    expect(doc.steps).toHaveLength(8);
    for (const step of doc.steps) {
      for (const key of ['contextSize', 'flashAttention', 'typeK', 'typeV', 'gpuLayers', 'outcome', 'promptTokensPerSecond', 'generationTokensPerSecond', 'timeToFirstTokenMs', 'peakRssBytes', 'vramPeakBytes']) expect(step).toHaveProperty(key);
      expect(step.typeK).toBe(step.typeV);
      // llama.cpp refuses a quantized V cache without flash attention: a configuration error, not memory.
      const refused = step.typeV === 'q8_0' && step.flashAttention === false;
      expect(step.outcome).toBe(refused ? 'error' : 'ok');
      if (refused) expect(step.failure).toMatchObject({ classification: 'invalid_config' });
    }
    expect(new Set(doc.steps.map((s) => `${s.contextSize}/${s.flashAttention}/${s.typeK}`)).size).toBe(8);
    expect(doc.maxContext).toEqual({ flashAttention: { on: 1024, off: 1024 }, verified: false });
    expect((doc as unknown as { analysis: { flashAttention: { contextSize: number; typeV: string; verdict: string }[] } }).analysis.flashAttention.filter((v) => v.typeV === 'q8_0').map((v) => v.verdict)).toEqual(['required', 'required']);
    expect(existsSync(doc.file)).toBe(true);
    // The time is predicted before the first step (a new data folder: the rough prior, said so), on stderr before any
    // step line, and in the document.
    const predictedAt = run.stderr.indexOf('Predicted before start: ≈');
    expect(predictedAt, run.stderr).toBeGreaterThanOrEqual(0);
    expect(predictedAt).toBeLessThan(run.stderr.indexOf('step 1:'));
    expect(run.stderr).toContain('rough prior');
    expect((doc as unknown as { time: { atStart: { source: string; totalMs: number } } }).time.atStart).toMatchObject({ source: 'rough_prior' });
  });

  it('loses no finished step when the app is killed mid-probe, and --resume finishes the plan', async () => {
    const dir = dataDir();
    const model = await budgetModel();
    const contexts = [512, 768, 1024, 1280, 1536, 1792];
    const child = spawn(process.execPath, [CLI, 'probe', model, '--ctx', contexts.join(','), '--fa', 'off', '--threads', '1', '--generate', '4', '--prompt-fill', '0.5'], { cwd: ROOT, env: { ...process.env, HEADROOM_DATA_DIR: dir }, stdio: 'ignore' });
    const probes = join(dir, 'probes');
    const stepLines = () => (existsSync(probes) ? readdirSync(probes).flatMap((f) => readFileSync(join(probes, f), 'utf8').split('\n').filter((l) => l.includes('"type":"step"'))) : []);
    while (stepLines().length < 2) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const [file] = readdirSync(probes);
    const records = readFileSync(join(probes, file!), 'utf8').trim().split('\n').map((l) => ProbeRecordSchema.parse(JSON.parse(l)));
    const saved = records.filter((r) => r.type === 'step');
    expect(saved.length).toBeGreaterThanOrEqual(2);
    expect(records.some((r) => r.type === 'status')).toBe(false);

    const list = JSON.parse((await runCli(['probe', '--list', '--json'], { env: { HEADROOM_DATA_DIR: dir } })).stdout) as { probes: { id: string; status: string; stepCount: number }[] };
    expect(list.probes[0]).toMatchObject({ status: 'interrupted', stepCount: saved.length });

    const resumed = await runCli(['probe', '--resume', list.probes[0]!.id, '--json'], { env: { HEADROOM_DATA_DIR: dir } });
    expect(resumed.code, resumed.stderr).toBe(0);
    const doc = JSON.parse(resumed.stdout) as { status: string; steps: { contextSize: number; outcome: string }[] };
    expect(doc.status).toBe('done');
    expect(doc.steps.map((s) => s.contextSize)).toEqual(contexts);
    expect(doc.steps.every((s) => s.outcome === 'ok')).toBe(true);
  });

  it.each([
    [['probe'], /Give a model/],
    [['probe', 'x.gguf', '--memory-limit', 'lots'], /--memory-limit must be a size/],
    [['probe', 'x.gguf', '--fa', 'maybe'], /--fa takes on and\/or off/],
    [['probe', 'x.gguf', '--grid', '--compare-fa'], /Choose one of/],
    [['probe', 'x.gguf', '--vram-limit', '2GiB', '--memory-mechanism', 'cgroup'], /--vram-limit works only with/],
  ])('refuses bad words with exit 2 and a hint: %j', async (args, message) => {
    const run = await runCli(args, { env: { HEADROOM_DATA_DIR: dataDir() } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/hint:/);
  });

  it('names the problem when the model or the preset does not exist', async () => {
    const missing = await runCli(['probe', '/nowhere/model.gguf'], { env: { HEADROOM_DATA_DIR: dataDir() } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No model file at \/nowhere\/model.gguf/);
    const preset = await runCli(['probe', '--preset', 'llama-9000'], { env: { HEADROOM_DATA_DIR: dataDir() } });
    expect(preset.code).toBe(1);
    expect(preset.stderr).toMatch(/Unknown preset "llama-9000"[\s\S]*llama-3.1-8b/);
  });
});
