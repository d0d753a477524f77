import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProbeRecordSchema } from '../../src-shared/contract/probe';
import { validateModelfile } from '../../src-shared/domain/recipe/ollamaModelfileSpec';
import { ReportSchema } from '../../src-shared/domain/report/Report';
import { ROOT } from '../support/paths';
import { runCli } from '../support/runCli';
import { tinyModel } from '../support/tinyModel';

// `headroom recipe` and `headroom report` as a user runs them, on probe files the real probe wrote
// (tests/fixtures/probes, see its README).

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'probes');
const GRID = join(FIXTURES, 'grid-cpu-tiny.jsonl');
const FINDMAX = join(FIXTURES, 'findmax-cgroup-oom.jsonl');
const CRASHED = join(FIXTURES, 'crashed-vulkan-grid.jsonl');
const NO_PASSING = join(FIXTURES, 'no-passing-vulkan-abort.jsonl');
const env = { HEADROOM_DATA_DIR: mkdtempSync(join(os.tmpdir(), 'headroom-recipe-cli-')) };

function records(path: string) {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => ProbeRecordSchema.parse(JSON.parse(l)));
}

describe('headroom recipe', () => {
  it('--json gives the runtime, settings, sources, files, commands and warnings; every source is a passing step of the file', async () => {
    const run = await runCli(['recipe', GRID, '--runtime', 'llama.cpp', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['runtime', 'settings', 'sources', 'files', 'commands', 'warnings']));
    expect(out.runtime).toBe('llama.cpp');
    const passing = new Set(records(GRID).flatMap((r) => (r.type === 'step' && r.outcome === 'ok' ? [r.id] : [])));
    for (const [key, source] of Object.entries(out.sources) as [string, { kind: string; stepId: string }][]) {
      expect(source.kind, key).toBe('verified');
      expect(passing.has(source.stepId), key).toBe(true);
    }
    expect(out.settings.contextSize).toBe(4096);
    expect(out.commands[0]).toMatch(/^llama-server -m \S+tiny\S+\.gguf -c 4096 -np 1 -ngl 0 -fa (on|off) -ctk f16 -ctv f16 -b 512 -ub 512 -t 2 --host 127\.0\.0\.1 --port 8080$/);
  });

  it('a wish beyond the verified maximum keeps the verified context and says what would make it fit', async () => {
    const run = await runCli(['recipe', FINDMAX, '--ctx', '16384', '--runtime', 'ollama', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.settings.contextSize).toBe(8960);
    expect(out.requestedContextSize).toBe(16384);
    expect(out.warnings[0]).toMatch(/You asked for 16384 tokens of context, but the largest that passed was 8960/);
    expect(out.suggestions.length).toBeGreaterThan(0);
    expect(out.suggestions.map((s: { change: object }) => s.change)).toContainEqual(expect.objectContaining({ flashAttention: true }));
    const modelfile = out.files.find((f: { name: string }) => f.name === 'Modelfile').content;
    expect(modelfile).toMatch(/^PARAMETER num_ctx 8960$/m);
    expect(validateModelfile(modelfile)).toEqual([]);
  });

  it('prints a readable recipe without --json, with the source of every setting', async () => {
    const run = await runCli(['recipe', FINDMAX, '--runtime', 'lmstudio'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^lmstudio recipe for Headroom synthetic llama-q8_0, from probe 20261126T024607-c8115b\./);
    expect(run.stdout).toMatch(/^ {2}Context size \(tokens per sequence\) +8960$/m);
    expect(run.stdout).toContain('(every setting verified: step 20261126T024607-c8115b-1 passed at 8960 tokens');
    expect(run.stdout).toMatch(/larger step failed \(cgroup_oom_kill\)/);
    expect(run.stdout).toMatch(/^\$ lms load .* --context-length 8960 --gpu off/m);
  });

  it('a probe with a crashed step gives an honest recipe that names the crash and its settings', async () => {
    const run = await runCli(['recipe', CRASHED, '--runtime', 'llama.cpp', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.settings).toMatchObject({ contextSize: 2048, typeK: 'f16', typeV: 'f16' });
    expect(out.warnings).toContain('Step 20261126T024955-f4a926-5 crashed at 2048 tokens (segfault, SIGSEGV) with flash attention on, K/V q8_0/q8_0; the recipe does not use those settings.');
    for (const source of Object.values(out.sources) as { stepId: string }[]) expect(source.stepId).not.toBe('20261126T024955-f4a926-5');
  });

  it('a probe with no passing step is refused, with the tally and what to do', async () => {
    const run = await runCli(['recipe', NO_PASSING, '--runtime', 'ollama', '--json'], { env });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.stringMatching(/has no passing step/) } });
    expect(run.stderr).toContain('error: Probe 20261126T024905-9783da has no passing step (2 steps: 2 crashed; the smallest context tried was 1024), so no setting is verified and Headroom will not write a recipe from it.');
    expect(run.stderr).toMatch(/hint: Every step crashed or failed \(during load\), which is not about the context size/);
  });

  it('a probe id works as well as a path', async () => {
    const dataDir = mkdtempSync(join(os.tmpdir(), 'headroom-recipe-id-'));
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(join(dataDir, 'probes'));
    copyFileSync(GRID, join(dataDir, 'probes', '20261126T024439-09e1fe.jsonl'));
    const run = await runCli(['recipe', '20261126T024439-09e1fe', '--runtime', 'vllm', '--json'], { env: { HEADROOM_DATA_DIR: dataDir } });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).commands[1]).toMatch(/^vllm serve \S+ --max-model-len 4096 --kv-cache-dtype auto --max-num-seqs 1$/);
  });

  it('--from-estimate writes an estimated recipe for a GGUF', async () => {
    const run = await runCli(['recipe', '--from-estimate', await tinyModel(), '--ctx', '4096', '--runtime', 'node-llama-cpp', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.basis).toBe('estimate');
    expect(out.sources.contextSize.kind).toBe('estimated');
    expect(out.warnings[0]).toBe('Estimated by the memory model only: nothing was run on this machine.');
    expect(out.files[0].content).toMatch(/contextSize: 4096/);
  });

  it('bad input: a clear error and exit code', async () => {
    const badRuntime = await runCli(['recipe', GRID, '--runtime', 'kobold'], { env });
    expect(badRuntime.code).toBe(2);
    expect(badRuntime.stderr).toMatch(/Unknown runtime "kobold"[\s\S]*hint: Pass --runtime with one of: llama.cpp, ollama, lmstudio, vllm, node-llama-cpp/);
    const missing = await runCli(['recipe', '/nope/probe.jsonl', '--runtime', 'ollama'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error: No probe file at \/nope\/probe.jsonl\.\nhint: List the probes/);
    const notProbe = join(env.HEADROOM_DATA_DIR, 'not-a-probe.jsonl');
    writeFileSync(notProbe, '{"hello":1}\n{"type":"step"}\n');
    const bad = await runCli(['recipe', notProbe, '--runtime', 'ollama'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not-a-probe.jsonl has no valid header line/);
    const noCtx = await runCli(['recipe', '--from-estimate', 'x.gguf', '--runtime', 'ollama'], { env });
    expect(noCtx.code).toBe(2);
    expect(noCtx.stderr).toMatch(/--from-estimate needs --ctx/);
  });
});

describe('headroom report', () => {
  it('--format json validates against the report schema, with the probe table, maxima and recipes', async () => {
    const run = await runCli(['report', FINDMAX, '--format', 'json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const report = ReportSchema.parse(JSON.parse(run.stdout));
    expect(report.probe.steps.map((s) => s.outcome)).toEqual(['ok', 'ok', 'oom']);
    expect(report.maxContext.flashAttentionOff).toEqual({ contextSize: 8960, stepId: '20261126T024607-c8115b-1' });
    expect(report.maxContext.flashAttentionOn).toBeNull();
    expect(report.rendered.map((r) => r.runtime)).toEqual(['ollama', 'llama.cpp', 'lmstudio', 'vllm', 'node-llama-cpp']);
    expect(report.diagnoses).toHaveLength(1);
    expect(report.diagnoses[0]!.stepId).toBe('20261126T024607-c8115b-2');
    expect(report.redacted).toBe(true);
  });

  it('a probe with no passing step still gets its report: the refusal, and a diagnosis per crash with home paths redacted', async () => {
    const run = await runCli(['report', NO_PASSING, '--format', 'json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const report = ReportSchema.parse(JSON.parse(run.stdout));
    expect(report.recipe).toBeNull();
    expect(report.recipeRefusal?.code).toBe('no_verified_settings');
    expect(report.diagnoses.map((d) => d.stepId)).toEqual(['20261126T024905-9783da-0', '20261126T024905-9783da-1']);
    // The crash line names node-llama-cpp's CI build folder under /home/runner: redacted to ~.
    expect(run.stdout).toContain('~/work/node-llama-cpp/');
    expect(run.stdout).not.toContain('/home/runner');
  });

  it('redacts home folders by default and keeps them with --keep-paths', async () => {
    const home = mkdtempSync(join(os.tmpdir(), 'headroom-home-'));
    const probe = join(home, 'probe.jsonl');
    // The recorded probe, with its model moved under the (temporary) home folder.
    writeFileSync(probe, readFileSync(GRID, 'utf8').replaceAll('/tmp/headroom-tiny-models/', `${home}/models/`));
    const redacted = await runCli(['report', probe, '--format', 'md'], { env: { ...env, HOME: home } });
    expect(redacted.code, redacted.stderr).toBe(0);
    expect(redacted.stdout).toContain('~/models/tiny-');
    expect(redacted.stdout).not.toContain(home);
    const kept = await runCli(['report', probe, '--format', 'md', '--keep-paths'], { env: { ...env, HOME: home } });
    expect(kept.stdout).toContain(`${home}/models/tiny-`);
  });

  it('--out writes the file and says where', async () => {
    const out = join(env.HEADROOM_DATA_DIR, 'report.html');
    const run = await runCli(['report', GRID, '--format', 'html', '--out', out, '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ path: out, fileName: 'headroom-report-20261126T024439-09e1fe.html', mimeType: 'text/html; charset=utf-8' });
    const html = readFileSync(out, 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|<link rel="stylesheet"|src="http|href="http/);
  });
});
