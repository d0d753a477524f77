import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiagnosisSchema } from '../../src-shared/knowledge/Diagnosis';
import { FAILURES_MADE_FOR_REAL } from '../support/failuresMadeForReal';
import { ROOT, testCacheDir } from '../support/paths';
import { runCli } from '../support/runCli';
import { tinyModel } from '../support/tinyModel';

// Headroom's own runtime, failing for real: node-llama-cpp runs in a child process on a generated
// model and fails the way its users see it (its log lines, then Node's report of the uncaught error);
// that output, unedited, goes to `headroom diagnose`. The messages are node-llama-cpp's own, so a
// release that rewords them fails here rather than in front of a user.

const WORKER = join(ROOT, 'tests', 'integration', 'nodeLlamaCppFailure.mjs');
const tmp = mkdtempSync(join(os.tmpdir(), 'headroom-nlc-failure-'));
let model: string;
/** Wide KV heads (8 × 128): one layer's K cache at 128k tokens is 256 MiB, over lavapipe's 128 MiB buffer limit. */
let wideKvModel: string;

beforeAll(async () => {
  model = await tinyModel({ contextLength: 1 << 20 });
  wideKvModel = await tinyModel({ contextLength: 1 << 17, embeddingLength: 1024, heads: 8, kvHeads: 8, headDim: 128, feedForwardLength: 256 });
});

/** Runs a scenario and returns what it printed, stdout and stderr in one paste. */
function fail(scenario: string): { code: number | null; output: string } {
  let path = model;
  if (scenario === 'truncated') {
    path = join(tmp, 'truncated.gguf');
    writeFileSync(path, readFileSync(model).subarray(0, 4000));
  }
  if (scenario === 'vulkan-kv-over-buffer-limit') path = wideKvModel;
  if (scenario === 'unknown-architecture') {
    // The same model under an architecture name no llama.cpp knows (as a model newer than the build is):
    // "llama" becomes "llamb" in its metadata keys and values, lengths and offsets unchanged.
    path = join(tmp, 'unknown-architecture.gguf');
    writeFileSync(path, Buffer.from(readFileSync(model).toString('latin1').replaceAll('llama', 'llamb'), 'latin1'));
  }
  // The VRAM scenarios run on lavapipe, Mesa's Vulkan on the CPU (a GPU that every machine has).
  const vulkan = { GGML_VK_VISIBLE_DEVICES: '0', XDG_RUNTIME_DIR: '/tmp', MESA_SHADER_CACHE_DIR: testCacheDir('mesa-cache') };
  const run = spawnSync(process.execPath, [WORKER, scenario, path], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_OPTIONS: '', ...vulkan } });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("diagnose on node-llama-cpp's own failures, made for real", () => {
  for (const [scenario, want] of Object.entries(FAILURES_MADE_FOR_REAL)) {
    it(`${scenario}: ${want.category}${want.entry ? ` (${want.entry})` : ''}`, async () => {
      const run = fail(scenario);
      if (scenario === 'cuda' && run.code === 0) {
        // CUDA works on this machine: nothing failed, and nothing may say it did.
        expect(run.output).toMatch(/loaded the cuda binary/);
        expect(run.output).not.toMatch(want.output);
        return;
      }
      expect(run.code, run.output).not.toBe(0);
      expect(run.output).toMatch(want.output);
      const file = join(tmp, `${scenario}.log`);
      writeFileSync(file, run.output);
      const cli = await runCli(['diagnose', file, '--json']);
      expect(cli.code, cli.stderr).toBe(0);
      const d = DiagnosisSchema.parse(JSON.parse(cli.stdout));
      expect(d.category, run.output).toBe(want.category);
      if (want.entry) expect(d.matches[0]!.id).toBe(want.entry);
      if (want.nodeLlamaCppFix) expect(d.matches[0]!.fixes.map((f) => f.commands['node-llama-cpp'])).toContain(want.nodeLlamaCppFix);
    });
  }
});
