import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { AppSettings } from '../../src-shared/contract/appSettings';
import { runCli } from '../support/runCli';

// The llama.cpp binaries folder: checked for the tools Headroom runs, kept in the data folder, and what the
// llama.cpp engine then finds. HEADROOM_LLAMA_CPP_BIN (set in CI) would come first, so it is cleared here.

/** A folder holding executables with these names (scripts: only their presence is checked here). */
function toolsFolder(names: string[]): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'headroom-llamacpp-'));
  for (const name of names) {
    writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

it('settings --llama-cpp-bin refuses a folder without llama-server, naming it, and keeps a complete one', async () => {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'headroom-settings-'));
  const env = { HEADROOM_DATA_DIR: dataDir, HEADROOM_LLAMA_CPP_BIN: '', PATH: '/usr/bin:/bin' };
  const partial = toolsFolder(['llama-bench', 'llama-fit-params']);
  const refused = await runCli(['settings', '--llama-cpp-bin', partial, '--json'], { env });
  expect(refused.code).not.toBe(0);
  const error = JSON.parse(refused.stdout) as { error: { code: string; message: string; hint: string } };
  expect(error.error.code).toBe('llama_cpp_tools_missing');
  expect(error.error.message).toContain(`${partial} has no llama-server`);
  expect(error.error.hint).toMatch(/llama-server/);
  const missing = await runCli(['settings', '--llama-cpp-bin', join(partial, 'nope'), '--json'], { env });
  expect((JSON.parse(missing.stdout) as { error: { code: string } }).error.code).toBe('llama_cpp_folder_missing');

  const complete = toolsFolder(['llama-server', 'llama-bench', 'llama-fit-params']);
  const set = await runCli(['settings', '--llama-cpp-bin', complete, '--json'], { env });
  expect(set.code, set.stderr).toBe(0);
  expect(JSON.parse(set.stdout)).toEqual({ llamaCppBin: complete, llamaCppInUse: { dir: complete, from: 'settings' } } satisfies AppSettings);
  expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ llamaCppBin: complete });
  const shown = await runCli(['settings'], { env });
  expect(shown.stdout).toContain(`llama.cpp folder   ${complete}`);

  // The environment still comes first, as for every run of the engine.
  const envBin = toolsFolder(['llama-server', 'llama-bench', 'llama-fit-params']);
  const overridden = JSON.parse((await runCli(['settings', '--json'], { env: { ...env, HEADROOM_LLAMA_CPP_BIN: envBin } })).stdout) as AppSettings;
  expect(overridden.llamaCppInUse).toEqual({ dir: envBin, from: 'HEADROOM_LLAMA_CPP_BIN' });

  const cleared = JSON.parse((await runCli(['settings', '--clear-llama-cpp-bin', '--json'], { env })).stdout) as AppSettings;
  expect(cleared).toEqual({ llamaCppBin: null, llamaCppInUse: null });
});
