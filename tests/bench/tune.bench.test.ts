import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TuneResultSchema, type TuneResult } from '../../src-shared/contract/tune';
import { describeSettings } from '../../src-shared/domain/tune/settingsKey';
import { llamaCppVulkan } from '../support/llamaCppVulkan';
import { RESULTS } from '../support/paths';
import { runCli } from '../support/runCli';
import { tinyModel } from '../support/tinyModel';
import { tinyMoeModel } from '../support/tinyMoeModel';
import { benchModel } from './probeBenchModel';

// Tune's winner against node-llama-cpp's defaults and llama.cpp's --fit defaults: same model, same
// context, one run (each tune measures its baselines in the same run, the defaults twice, alternating
// with the leader). Figures are printed, never asserted on time. With HEADROOM_LLAMA_CPP_BIN the
// llama.cpp engine runs too; with GGML_VK_VISIBLE_DEVICES the Vulkan device is tuned (allow-spill, gpu-only).

const CTX = Number(process.env.HEADROOM_TUNE_BENCH_CTX ?? 1024);
const vk = await llamaCppVulkan();
const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.log(line);
};

async function tune(model: string, args: string[], env: Record<string, string> = {}): Promise<TuneResult> {
  const run = await runCli(['tune', model, ...args, '--generate', '8', '--json'], { env: { ...env, HEADROOM_DATA_DIR: mkdtempSync(join(os.tmpdir(), 'headroom-tune-bench-')) }, timeoutMs: 3_000_000 });
  expect(run.code, run.stderr).toBe(0);
  return TuneResultSchema.parse(JSON.parse(run.stdout));
}

function report(title: string, t: TuneResult) {
  const f = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));
  say(`\n${title}: ${t.model.name} at ${t.contextSize} tokens, ${t.engine} on ${t.backend}, policy ${t.policy}, ${t.candidates.length} steps`);
  say(`  ${'what'.padEnd(26)} ${'outcome'.padEnd(8)} ${'pp tok/s'.padStart(9)} ${'tg tok/s'.padStart(9)} ${'s/request'.padStart(10)}  settings`);
  for (const b of t.baselines) say(`  ${b.name.padEnd(26)} ${b.outcome.padEnd(8)} ${f(b.promptTokensPerSecond).padStart(9)} ${f(b.generationTokensPerSecond).padStart(9)} ${f(b.requestSeconds, 2).padStart(10)}  ${b.settings ? describeSettings(b.settings) : ''}`);
  if (t.winner) say(`  ${'tune winner'.padEnd(26)} ${'ok'.padEnd(8)} ${f(t.winner.promptTokensPerSecond).padStart(9)} ${f(t.winner.generationTokensPerSecond).padStart(9)} ${f(t.winner.requestSeconds, 2).padStart(10)}  ${describeSettings(t.winner.settings)} (${t.winner.runs} runs)`);
  for (const c of t.candidates) say(`    ${c.stage.padEnd(14)} ${String(c.settings.contextSize).padStart(6)} ${c.engine.padEnd(15)} ${c.outcome.padEnd(8)} ${f(c.promptTokensPerSecond).padStart(9)} ${f(c.generationTokensPerSecond).padStart(9)} ${f(c.requestSeconds, 2).padStart(10)}  ${describeSettings(c.settings)}`);
  for (const w of t.why) say(`  · ${w}`);
  for (const n of t.notes) say(`  note: ${n}`);
  if (t.message) say(`  message: ${t.message}`);
  if (t.llamaCppFlags.length) say(`  llama.cpp recipe: ${t.recipe?.rendered.find((r) => r.runtime === 'llama.cpp')?.commands[0]}`);
}

describe('tune: the winner vs node-llama-cpp defaults vs llama.cpp --fit', () => {
  it(`dense q4_0 model at ${CTX} tokens, node-llama-cpp engine`, async () => {
    report('node-llama-cpp engine', await tune(await benchModel(), ['--ctx', String(CTX)]));
  });

  it.skipIf(!process.env.HEADROOM_LLAMA_CPP_BIN)(`dense q4_0 model at ${CTX} tokens, llama.cpp engine (both baselines in one run)${process.env.HEADROOM_LLAMA_CPP_BIN ? '' : ' — skipped: HEADROOM_LLAMA_CPP_BIN is not set'}`, async () => {
    report('llama.cpp engine', await tune(await benchModel(), ['--ctx', String(CTX), '--engine', 'llama.cpp']));
  });

  // The llama.cpp build here segfaults on q4_0 and q8_0 weights (every candidate above is then `crashed`);
  // the same geometry in f16 gives both engines a model they run.
  it.skipIf(!process.env.HEADROOM_LLAMA_CPP_BIN)(`dense f16 model at ${CTX} tokens, llama.cpp engine (both baselines in one run)${process.env.HEADROOM_LLAMA_CPP_BIN ? '' : ' — skipped: HEADROOM_LLAMA_CPP_BIN is not set'}`, async () => {
    const model = await tinyModel({ layers: 4, embeddingLength: 512, heads: 8, kvHeads: 2, headDim: 64, feedForwardLength: 1408, vocabSize: 32000, contextLength: 32768 });
    report('llama.cpp engine, f16', await tune(model, ['--ctx', String(CTX), '--engine', 'llama.cpp']));
  });

  it.skipIf(!process.env.HEADROOM_LLAMA_CPP_BIN)(`MoE (qwen3moe layout) at 512 tokens, llama.cpp engine: expert offload measured${process.env.HEADROOM_LLAMA_CPP_BIN ? '' : ' — skipped: HEADROOM_LLAMA_CPP_BIN is not set'}`, async () => {
    report('MoE, llama.cpp engine', await tune(await tinyMoeModel(), ['--ctx', '512', '--engine', 'llama.cpp']));
  });

  it.skipIf(!process.env.GGML_VK_VISIBLE_DEVICES)(`Vulkan device: allow-spill, then gpu-only${process.env.GGML_VK_VISIBLE_DEVICES ? '' : ' — skipped: GGML_VK_VISIBLE_DEVICES is not set'}`, async () => {
    // lavapipe is 10–100× slower than the CPU: the tiny test model keeps the steps short.
    const model = await tinyModel();
    report('Vulkan, allow-spill', await tune(model, ['--ctx', '512', '--backend', 'vulkan', '--policy', 'allow-spill']));
    report('Vulkan, gpu-only', await tune(model, ['--ctx', '512', '--backend', 'vulkan', '--policy', 'gpu-only']));
  });

  it.skipIf(vk.skip !== null)(`Vulkan device, llama.cpp engine: allow-spill, then gpu-only${vk.skip ? ` — skipped: ${vk.skip}` : ` (${vk.device})`}`, async () => {
    // Both baselines (node-llama-cpp's defaults and llama.cpp's --fit) run in the same tune as the search.
    const model = await tinyModel();
    const env = { ...vk.env, HEADROOM_LLAMA_CPP_BIN: vk.bin!.dir };
    report('Vulkan, llama.cpp engine, allow-spill', await tune(model, ['--ctx', '512', '--engine', 'llama.cpp', '--backend', 'vulkan', '--policy', 'allow-spill'], env));
    report('Vulkan, llama.cpp engine, gpu-only', await tune(model, ['--ctx', '512', '--engine', 'llama.cpp', '--backend', 'vulkan', '--policy', 'gpu-only'], env));
  });

  it('writes the figures', () => {
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'tune-bench.txt'), `${new Date().toISOString()} ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join('/')}\n${lines.join('\n')}\n`);
  });
});
