import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogDiagnosis } from '../../src-shared/contract/audit';
import { logCandidates } from '../../src-shared/domain/audit/logCandidates';
import { discoverLogs } from '../../src-main/audit/discoverLogs';
import { CLI, ROOT } from '../support/paths';
import { lineStream } from '../support/lineStream';
import { runCli } from '../support/runCli';

// Logs without pasting: each runtime's log found where it keeps it (real folder layouts in a temporary
// HOME), the last run diagnosed read-only with consent, and `watch` following a real file as it grows
// and rotates.

const recorded = (path: string) => readFileSync(join(ROOT, 'tests', 'fixtures', 'logs', path), 'utf8');
const TRUNCATING = recorded('context_exceeds_limit/ollama-cuda-colab-t4-truncating-17624.log').trimEnd().split('\n');
const tempHome = () => mkdtempSync(join(os.tmpdir(), 'headroom-home-'));

describe('log discovery in the runtimes\' own folder layouts', () => {
  it('macOS: Ollama\'s ~/.ollama/logs/server.log and the newest of LM Studio\'s ~/.lmstudio/server-logs', async () => {
    const home = tempHome();
    mkdirSync(join(home, '.ollama', 'logs'), { recursive: true });
    writeFileSync(join(home, '.ollama', 'logs', 'server.log'), 'x\n');
    const month = join(home, '.lmstudio', 'server-logs', '2025-04');
    mkdirSync(month, { recursive: true });
    writeFileSync(join(month, '2025-04-17.1.log'), 'old\n');
    writeFileSync(join(month, '2025-04-17.2.log'), 'new\n');
    utimesSync(join(month, '2025-04-17.1.log'), new Date('2025-04-17T10:00:00Z'), new Date('2025-04-17T10:00:00Z'));
    const logs = await discoverLogs({ places: { platform: 'darwin', home, localAppData: null }, journald: false, llamaServerPort: 1 });
    const found = logs.filter((l) => l.exists).map((l) => [l.runtime, l.path]);
    expect(found).toEqual([
      ['ollama', join(home, '.ollama', 'logs', 'server.log')],
      ['lmstudio', join(month, '2025-04-17.2.log')],
    ]);
  });

  it('Linux: journald for the Ollama service, the desktop server.log, and LM Studio before 0.3 (~/.cache/lm-studio)', async () => {
    const home = tempHome();
    const old = join(home, '.cache', 'lm-studio', 'server-logs');
    mkdirSync(old, { recursive: true });
    writeFileSync(join(old, '2024-06-01.1.log'), 'x\n');
    const logs = await discoverLogs({ places: { platform: 'linux', home, localAppData: null }, journald: false, llamaServerPort: 1 });
    expect(logs.filter((l) => l.exists).map((l) => l.path)).toEqual([join(old, '2024-06-01.1.log')]);
    expect(logCandidates({ platform: 'linux', home, localAppData: null }).filter((c) => c.runtime === 'ollama').map((c) => [c.kind, c.path])).toEqual([
      ['journald', 'ollama'],
      ['file', `${home}/.ollama/logs/server.log`],
    ]);
  });

  it('Windows: %LOCALAPPDATA%\\Ollama\\server.log and %USERPROFILE%\\.lmstudio\\server-logs (paths only: no Windows here)', () => {
    const c = logCandidates({ platform: 'win32', home: 'C:\\Users\\ann', localAppData: 'C:\\Users\\ann\\AppData\\Local' });
    expect(c.map((x) => x.path)).toEqual(['C:\\Users\\ann\\AppData\\Local\\Ollama\\server.log', 'C:\\Users\\ann\\.lmstudio\\server-logs', 'C:\\Users\\ann\\.cache\\lm-studio\\server-logs', 'C:\\tmp\\lmstudio-server-log.txt']);
  });
});

describe('diagnose the last failure of a log, read-only, with consent', () => {
  it('reads only the run since the last start and names the failure with its line', async () => {
    const dir = tempHome();
    const log = join(dir, 'server.log');
    // An older run that failed differently, then a restart ("server config"), then the recorded truncation.
    const older = recorded('gpu_oom_kv_cache/ollama-cuda-dolphin-llama31-128k-kv-31gib.log');
    const restart = 'time=2024-12-02T09:20:00.000Z level=INFO source=routes.go:1197 msg="server config" env="map[OLLAMA_CONTEXT_LENGTH:2048]"';
    writeFileSync(log, `${older}\n${restart}\n${TRUNCATING.join('\n')}\n`);
    const before = readFileSync(log, 'utf8');
    const run = await runCli(['logs', '--diagnose', log, '--runtime', 'ollama', '--yes', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const d = JSON.parse(run.stdout) as LogDiagnosis;
    expect(d.startLine).toBe(older.trimEnd().split('\n').length + 2);
    expect(d.best?.id).toBe('ollama-truncating-input-prompt');
    expect(d.best?.evidence.map((e) => e.text)).toContain('truncating input prompt limit=2048 prompt=17624 keep=5 new=2048');
    expect(readFileSync(log, 'utf8')).toBe(before);
  });

  it('refuses without consent', async () => {
    const run = await runCli(['logs', '--diagnose', '/var/log/syslog', '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('needs your consent');
  });
});

describe('watch: a diagnosis within 1 s of a failure line appended to a real file, across rotation', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGTERM');
    child = undefined;
  });

  it('appends, rotates by rename (logrotate), truncates in place (copytruncate): each failure is raised within 1 s', async () => {
    const dir = tempHome();
    const log = join(dir, 'server.log');
    writeFileSync(log, `${TRUNCATING.slice(0, 4).join('\n')}\n`);
    child = spawn(process.execPath, [CLI, 'watch', '--runtime', 'ollama', '--file', log, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const events = lineStream(child);
    expect((await events.next((e) => e.event === 'watching')).path).toBe(log);

    const latencies: number[] = [];
    const failure = async (label: string) => {
      const at = performance.now();
      appendFileSync(log, `${TRUNCATING[4]}\n`);
      const e = await events.next((x) => x.event === 'diagnosis');
      latencies.push(performance.now() - at);
      expect(e.diagnosis.id, label).toBe('ollama-truncating-input-prompt');
      expect(e.line).toBe(TRUNCATING[4]);
    };
    // Ordinary lines first: no failure in them, so no event.
    appendFileSync(log, `${TRUNCATING.slice(0, 4).join('\n')}\n`);
    await failure('appended');

    renameSync(log, `${log}.1`);
    writeFileSync(log, `${TRUNCATING.slice(0, 2).join('\n')}\n`);
    await events.next((e) => e.event === 'rotated');
    await failure('after a rename rotation');

    truncateSync(log, 0);
    await events.next((e) => e.event === 'rotated');
    await failure('after copytruncate');

    console.log(`watch latency (append → diagnosis on stdout), ms: ${latencies.map((l) => l.toFixed(0)).join(', ')}`);
    for (const l of latencies) expect(l).toBeLessThan(1000);
  });
});
