import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogDiagnosis, LogLocation } from '../../src-shared/contract/audit';
import { CLI, ROOT } from '../support/paths';
import { lineStream } from '../support/lineStream';
import { runCli } from '../support/runCli';
import { writeJournal } from '../support/writeJournal';

// The journald path for real: real journal files, written by systemd's own journal-remote from entries in
// the journal export format, holding real Ollama service lines (journalctl output in the corpus, dev split)
// as MESSAGE; then read by `headroom logs --journal-dir`, and followed by `watch` while a second write lands.
// No systemd-journald runs here (no systemd as PID 1): journal folders are what a copy of a server's
// /var/log/journal is, and they are what the user reads with --journal-dir.

const recorded = (path: string) => readFileSync(join(ROOT, 'tests', 'fixtures', 'logs', path), 'utf8').trimEnd().split('\n');
// An earlier run that failed (CUDA out of memory), a restart, then a run that truncates prompts.
const OOM_RUN = recorded('gpu_oom_weights/ollama-cuda-cudamalloc-81gb-unable-to-allocate-cuda0-buffer.log');
const START = recorded('cpu_unsupported_instructions/ollama-rocm-gpu-runner-incompatible-cpu-no-avx-proxmox.log')[0]!;
const TRUNCATING = recorded('context_exceeds_limit/ollama-unknown-journald-truncating-input-prompt-limit-512.log');
const BOOT_A = '6a7f1d4c2b9e4f0a8c3d5e7f9a1b2c3d';
const BOOT_B = 'b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5';

const messages = (lines: string[]) => lines.map((l) => l.replace(/^.*?\]: /, ''));
const tempDir = () => mkdtempSync(join(os.tmpdir(), 'headroom-journal-'));

describe('a journal folder (journalctl --directory) written by systemd-journal-remote', () => {
  it('logs --journal-dir lists the Ollama unit found in it; --diagnose reads its last run since the last start', async () => {
    const dir = tempDir();
    const clock = { us: 1_740_100_000_000_000 };
    writeJournal(join(dir, 'remote.journal'), [...OOM_RUN, START, ...TRUNCATING], BOOT_A, clock);
    const bytes = statSync(join(dir, 'remote.journal')).size;

    const list = await runCli(['logs', '--journal-dir', dir, '--json']);
    expect(list.code, list.stderr).toBe(0);
    const journald = (JSON.parse(list.stdout) as { logs: LogLocation[] }).logs.filter((l) => l.kind === 'journald');
    expect(journald.map((l) => [l.path, l.journalDir, l.exists])).toEqual([['journalctl -u ollama.service', dir, true]]);

    const run = await runCli(['logs', '--diagnose', 'journalctl -u ollama.service', '--journal-dir', dir, '--yes', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const d = JSON.parse(run.stdout) as LogDiagnosis;
    expect(d.journalDir).toBe(dir);
    // journalctl -o cat prints each MESSAGE: the restart is the line after the earlier run's.
    expect(d.startLine).toBe(OOM_RUN.length + 1);
    expect(d.lines).toBe(TRUNCATING.length + 1);
    expect(d.best?.id).toBe('ollama-truncating-input-prompt');
    expect(d.best?.evidence.map((e) => e.text)).toContain(messages(TRUNCATING)[0]);
    // Read, never written.
    expect(readdirSync(dir)).toEqual(['remote.journal']);
    expect(statSync(join(dir, 'remote.journal')).size).toBe(bytes);

    // The same through HEADROOM_JOURNAL_DIR, and the unit's short name (as `journalctl -u ollama`).
    const env = await runCli(['logs', '--diagnose', 'journalctl -u ollama', '--yes', '--json'], { env: { HEADROOM_JOURNAL_DIR: dir } });
    expect(env.code, env.stderr).toBe(0);
    expect((JSON.parse(env.stdout) as LogDiagnosis).best?.id).toBe('ollama-truncating-input-prompt');
  });

  it('a folder without journal files, or no folder, is a clear error with a hint; /var/log/journal\'s machine-id layout is read', async () => {
    const empty = tempDir();
    const none = await runCli(['logs', '--journal-dir', empty, '--json']);
    expect(none.code).toBe(1);
    const error = (JSON.parse(none.stdout) as { error: { code: string; message: string; hint: string } }).error;
    expect(error.code).toBe('journal_not_found');
    expect(error.message).toContain('holds no journal files');
    expect(error.hint).toContain('/var/log/journal');
    const missing = await runCli(['logs', '--diagnose', 'journalctl -u ollama', '--journal-dir', join(empty, 'nope'), '--yes']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`No journal folder at "${join(empty, 'nope')}"`);

    // journald's own layout: /var/log/journal/<machine-id>/system.journal.
    const machine = join(empty, '0f1e2d3c4b5a69788796a5b4c3d2e1f0');
    mkdirSync(machine);
    writeJournal(join(machine, 'system.journal'), [START, ...TRUNCATING.slice(0, 1)], BOOT_A, { us: 1_740_100_000_000_000 });
    const run = await runCli(['logs', '--diagnose', 'journalctl -u ollama', '--journal-dir', empty, '--yes', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as LogDiagnosis).best?.id).toBe('ollama-truncating-input-prompt');
  });
});

describe('watch --journal-dir: a diagnosis within 1 s of a failure written into the journal', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGTERM');
    child = undefined;
  });

  it('follows appends to the journal file, and a new file from a later boot (a server restarted)', async () => {
    const dir = tempDir();
    const clock = { us: 1_740_100_000_000_000 };
    writeJournal(join(dir, 'remote.journal'), [START, ...TRUNCATING.slice(0, 2)], BOOT_A, clock);
    child = spawn(process.execPath, [CLI, 'watch', '--runtime', 'ollama', '--journal-dir', dir, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const events = lineStream(child);
    expect((await events.next((e) => e.event === 'watching')).path).toBe('journalctl -u ollama.service');

    const latencies: number[] = [];
    const failure = async (file: string, lines: string[], boot: string, expected: { id: string; line: string }) => {
      writeJournal(join(dir, file), lines, boot, clock);
      const at = performance.now();
      const e = await events.next((x) => x.event === 'diagnosis');
      latencies.push(performance.now() - at);
      expect(e.diagnosis.id, file).toBe(expected.id);
      expect(e.line).toBe(expected.line);
    };
    // A request that went through (no failure: no event), then a truncated prompt.
    await failure('remote.journal', [TRUNCATING[3]!, TRUNCATING[4]!], BOOT_A, { id: 'ollama-truncating-input-prompt', line: messages(TRUNCATING)[4]! });
    // Another boot, into a new file: Ollama starts again and runs out of GPU memory loading the model.
    await failure('rotated.journal', [START, ...OOM_RUN], BOOT_B, { id: 'gpu-weights-alloc-failed', line: messages(OOM_RUN)[3]! });

    console.log(`watch latency (journal-remote done → diagnosis on stdout), ms: ${latencies.map((l) => l.toFixed(0)).join(', ')}`);
    for (const l of latencies) expect(l).toBeLessThan(1000);
  });
});
