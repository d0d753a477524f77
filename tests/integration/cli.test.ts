import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HardwareReportSchema } from '../../src-shared/contract/hardware';
import { runCli } from '../support/runCli';

describe('the headroom CLI as a child process', () => {
  it('hardware --json prints one JSON document that validates against the contract', async () => {
    const run = await runCli(['hardware', '--json']);
    expect(run.code).toBe(0);
    const report = HardwareReportSchema.parse(JSON.parse(run.stdout));
    expect(report.cpu.threads).toBeGreaterThan(0);
    expect(Number.isInteger(report.memory.totalBytes)).toBe(true);
  });

  it('hardware without --json prints a readable summary', async () => {
    const run = await runCli(['hardware']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^CPU {5}/m);
    expect(run.stdout).toMatch(/^RAM {5}/m);
  });

  it('an unknown command exits 2 with the hint on stderr, and under --json the error document on stdout', async () => {
    const run = await runCli(['frobnicate', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'usage', message: 'Unknown command "frobnicate".' } });
    expect(run.stderr).toMatch(/error: Unknown command "frobnicate"/);
    expect(run.stderr).toMatch(/hint: .*headroom --help/);
  });

  it('an unknown option exits 2 and shows the usage', async () => {
    const run = await runCli(['hardware', '--bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/hint: Usage: headroom hardware/);
  });

  it('--help lists the commands', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/hardware/);
    expect(run.stdout).toMatch(/serve/);
  });

  it('works with a home it cannot write to, and says what to do only when it must write there', async () => {
    // A file where the home folder should be: unwritable even for root, unlike a folder without permissions.
    const dir = mkdtempSync(join(os.tmpdir(), 'headroom-home-'));
    const home = join(dir, 'not-a-folder');
    writeFileSync(home, '');
    const env = { HOME: home, XDG_CONFIG_HOME: '', HEADROOM_DATA_DIR: '' };
    const diagnose = await runCli(['diagnose', '-', '--json'], { env, stdin: 'CUDA error: out of memory\n' });
    expect(diagnose.code, diagnose.stderr).toBe(0);
    const add = await runCli(['models', '--add-folder', dirname(home), '--json'], { env });
    expect(add.code).toBe(1);
    // Under --json the error is also the one JSON document on stdout.
    expect(JSON.parse(add.stdout)).toMatchObject({ ok: false, error: { code: 'data_dir_unwritable' } });
    expect(add.stderr).toContain(`Cannot write to Headroom's data folder ${join(home, '.config', 'Headroom')} (ENOTDIR).`);
    expect(add.stderr).toMatch(/hint: .*HEADROOM_DATA_DIR/);
    rmSync(dir, { recursive: true, force: true });
  });
});
