import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosisSchema } from '../../src-shared/knowledge/Diagnosis';
import { runCli } from '../support/runCli';
import { ROOT } from '../support/paths';

const fixture = (file: string) => join(ROOT, 'tests', 'fixtures', 'logs', file);
const tmp = mkdtempSync(join(os.tmpdir(), 'headroom-diagnose-'));

describe('headroom diagnose as a child process', () => {
  it('diagnoses a file and prints one JSON document in the documented shape', async () => {
    const run = await runCli(['diagnose', fixture('gpu_oom_kv_cache/llama.cpp-rocm-strix-halo-128k-iswa-kv.log'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const d = DiagnosisSchema.parse(JSON.parse(run.stdout));
    expect(d.category).toBe('gpu_oom_kv_cache');
    const best = d.matches[0]!;
    expect(Object.keys(best)).toEqual(expect.arrayContaining(['id', 'category', 'title', 'cause', 'confidence', 'evidence', 'extracted', 'fixes']));
    expect(best.evidence.map((e) => e.line)).toContain(4);
    expect(best.extracted).toMatchObject({ requestedMiB: 4500, contextSize: 128000, oomStage: 'kv' });
    expect(best.fixes[0]).toMatchObject({ change: { typeK: 'q8_0', typeV: 'q8_0' }, commands: { 'llama.cpp': '-fa on -ctk q8_0 -ctv q8_0' } });
  });

  it('reads standard input with -', async () => {
    const run = await runCli(['diagnose', '-', '--json'], { stdin: 'llama_model_load: error loading model: error loading model architecture: unknown model architecture: \'qwen35\'\n' });
    expect(run.code, run.stderr).toBe(0);
    const d = DiagnosisSchema.parse(JSON.parse(run.stdout));
    expect(d.category).toBe('model_load_format');
    expect(d.matches[0]!.extracted.architecture).toBe('qwen35');
  });

  it('prints the diagnosis for people, with only the asked runtime\'s commands', async () => {
    const run = await runCli(['diagnose', fixture('gpu_oom_compute_buffer/llama.cpp-rocm-compute-pp-buffers-70b.log'), '--runtime', 'ollama']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Diagnosis: gpu_oom_compute_buffer — /);
    expect(run.stdout).toMatch(/line 3: graph_reserve: failed to allocate compute buffers/);
    expect(run.stdout).toMatch(/ollama: +OLLAMA_FLASH_ATTENTION=1 ollama serve/);
    expect(run.stdout).not.toMatch(/llama\.cpp: +-fa on/);
  });

  it('says unknown, with a hint, when nothing matches', async () => {
    const run = await runCli(['diagnose', '-'], { stdin: 'srv  log_server_r: request: GET /health 127.0.0.1 200\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Diagnosis: unknown — no known failure matched/);
    expect(run.stdout).toMatch(/hint: paste more of the log/);
  });

  it('fails clearly on a missing file, an empty input and a binary file', async () => {
    const missing = await runCli(['diagnose', join(tmp, 'nope.log')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error: No file at ".*nope\.log"\.\nhint: Check the path, or pipe the log in/);

    const empty = await runCli(['diagnose', '-'], { stdin: '' });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/error: The log is empty\.\nhint: Paste the output of the failing run/);

    const binaryPath = join(tmp, 'model.bin');
    writeFileSync(binaryPath, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 0, 0]));
    const binary = await runCli(['diagnose', binaryPath, '--json']);
    expect(binary.code).toBe(1);
    expect(JSON.parse(binary.stdout)).toMatchObject({ ok: false, error: { code: 'binary_log' } });
    expect(binary.stderr).toMatch(/error: This looks like binary data, not a text log\./);
  });

  it('rejects bad usage with exit code 2', async () => {
    const runtime = await runCli(['diagnose', '-', '--runtime', 'kobold'], { stdin: 'x' });
    expect(runtime.code).toBe(2);
    expect(runtime.stderr).toMatch(/Unknown runtime "kobold"\.\nhint: Use one of: llama\.cpp, ollama/);
    const two = await runCli(['diagnose', 'a.log', 'b.log']);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/diagnose takes one log, got 2/);
  });
});
