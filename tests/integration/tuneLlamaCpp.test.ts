import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TuneResultSchema } from '../../src-shared/contract/tune';
import { findLlamaCppBin } from '../../src-main/tune/llamaCpp/findLlamaCppBin';
import { runLlamaCppStep } from '../../src-main/tune/llamaCpp/runLlamaCppStep';
import { runCli } from '../support/runCli';
import { tinyModel } from '../support/tinyModel';
import { tinyMoeModel } from '../support/tinyMoeModel';

// The llama.cpp engine runs the user's own llama-bench and llama-fit-params. CI builds them
// (scripts/buildLlamaCpp.sh) and exports HEADROOM_LLAMA_CPP_BIN; without it these say why they skip.
const BIN = process.env.HEADROOM_LLAMA_CPP_BIN ? findLlamaCppBin({ HEADROOM_LLAMA_CPP_BIN: process.env.HEADROOM_LLAMA_CPP_BIN, PATH: '' }) : null;
const SKIP_REASON = !process.env.HEADROOM_LLAMA_CPP_BIN ? 'HEADROOM_LLAMA_CPP_BIN is not set' : !BIN ? `no llama-bench and llama-fit-params in ${process.env.HEADROOM_LLAMA_CPP_BIN}` : null;
const suffix = SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : '';

describe.skipIf(SKIP_REASON !== null)(`tune with the llama.cpp engine${suffix}`, () => {
  it('tunes an MoE model: the --fit baseline and node-llama-cpp defaults beside it, expert offload measured, the binary recorded', async () => {
    const model = await tinyMoeModel();
    const run = await runCli(['tune', model, '--ctx', '256', '--engine', 'llama.cpp', '--generate', '4', '--json'], { env: { HEADROOM_DATA_DIR: mkdtempSync(join(os.tmpdir(), 'headroom-tune-llama-')) } });
    expect(run.code, run.stderr).toBe(0);
    const result = TuneResultSchema.parse(JSON.parse(run.stdout));
    expect(result.baselines.map((b) => b.name)).toEqual(['node-llama-cpp-defaults', 'llama.cpp-fit']);
    const fit = result.baselines[1]!;
    expect(fit).toMatchObject({ outcome: 'ok', settings: { nCpuMoe: 0, batchSize: 256, ubatchSize: 256 }, note: expect.stringContaining('llama-fit-params chose `-c 256') });
    expect(result.winner!.requestSeconds).toBeLessThanOrEqual(fit.requestSeconds!);
    const own = result.candidates.filter((c) => c.engine === 'llama.cpp');
    expect(new Set(own.map((c) => c.settings.nCpuMoe))).toEqual(new Set([0, 2, 4]));
    expect(own.every((c) => c.binary?.path.endsWith('llama-bench') && /commit/.test(c.binary.version ?? ''))).toBe(true);
    // llama-bench names the build's backend: CPU, or Vulkan for a CPU + Vulkan build (CI's) even where -dev none kept the step on the CPU.
    expect(own.find((c) => c.outcome === 'ok')!.binary!.buildFlags.join(' ')).toMatch(/backends (CPU|Vulkan)/);
    const llamaCpp = result.recipe!.rendered.find((r) => r.runtime === 'llama.cpp')!;
    expect(llamaCpp.commands[0]).toMatch(/^llama-server -m /);
    if (result.winner!.settings.nCpuMoe) expect(llamaCpp.commands[0]).toContain(`--n-cpu-moe ${result.winner!.settings.nCpuMoe}`);
    else expect(result.llamaCppFlags).toEqual([]);
  }, 300_000);

  it('a refusal is a result: a quantized V cache without flash attention', async () => {
    const { step, binary } = await runLlamaCppStep({
      bin: BIN!, env: {}, modelPath: await tinyModel({ headDim: 32 }), backend: 'cpu', generateTokens: 4, promptFill: 0.5,
      settings: { contextSize: 256, threads: 1, batchSize: 128, ubatchSize: 128, flashAttention: false, typeK: 'f16', typeV: 'q8_0', gpuLayers: 0, nCpuMoe: null },
      identity: { id: 't-0', probeId: 't', index: 0 }, timeoutMs: 60_000, signal: new AbortController().signal,
    });
    expect(binary.version).toMatch(/commit/);
    // llama.cpp refuses the context (without -v it does not say why): an error result, not a crash and not an OOM.
    expect(step).toMatchObject({ outcome: 'error', failure: { classification: 'context_create_failed', exitCode: 1, signal: null } });
    expect(step.failure!.message).toMatch(/failed to create context/);
  }, 120_000);
});
