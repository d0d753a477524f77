import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Recipe } from '../../src-shared/contract/recipe';
import { consistencyWarnings } from '../../src-shared/domain/recipe/consistencyWarnings';
import { llamaServerSlotContext, renderLlamaCpp } from '../../src-shared/domain/recipe/renderLlamaCpp';
import { freePort, LLAMA_SKIP_REASON, spawnLlamaServer, startLlamaServer } from '../support/llamaServer';
import { RESULTS, ROOT } from '../support/paths';
import { runCli } from '../support/runCli';
import { tinyModel, type TinyModelOptions } from '../support/tinyModel';

// The bar: every llama.cpp recipe for the generated models starts a real llama-server (the llama.cpp
// that node-llama-cpp bundles, built outside the repo) and serves a completion with the recipe's
// context. The command line is run exactly as printed, through bash. Without a build (CI) the
// tests are reported as skipped, with the reason in their names.

const SKIP_REASON = LLAMA_SKIP_REASON;
const suffix = SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : '';
const results: string[] = [];

afterAll(() => {
  if (results.length === 0) return;
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'recipe-llama-server.txt'), `${results.join('\n')}\n`);
  console.log(results.join('\n'));
});

const MODELS: [string, TinyModelOptions][] = [
  ['llama', {}],
  ['qwen3', { architecture: 'qwen3', layers: 3 }],
  ['gemma2 (sliding window)', { architecture: 'gemma2', layers: 3, slidingWindow: 64 }],
  ['phi3', { architecture: 'phi3', layers: 3 }],
  ['deepseek2 (MLA)', { architecture: 'deepseek2', layers: 3 }],
];

describe.skipIf(SKIP_REASON !== null)(`llama.cpp recipes start a real llama-server${suffix}`, () => {
  for (const [label, options] of MODELS) {
    it(`${label}: the --from-estimate recipe of \`headroom recipe\` serves its context`, async () => {
      const model = await tinyModel(options);
      const run = await runCli(['recipe', '--from-estimate', model, '--ctx', '2048', '--runtime', 'llama.cpp', '--json']);
      expect(run.code, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as { commands: string[]; settings: { contextSize: number } };
      expect(out.settings.contextSize).toBe(2048);
      await serveAndCheck(label, out.commands[0]!, { slotContext: 2048, slots: 1 });
    });
  }

  // Recipes from probe files the real probe wrote, with their models regenerated.
  const probeFixtures: [string, () => Promise<string>][] = [
    ['grid-cpu-tiny.jsonl', () => tinyModel()],
    ['crashed-vulkan-grid.jsonl', () => tinyModel({ embeddingLength: 128 })],
    ['findmax-cgroup-oom.jsonl', () => synth(['--arch', 'llama', '--n-embd', '1024', '--n-head', '8', '--n-head-kv', '8', '--n-ff', '256', '--n-vocab', '512', '--layers', '2', '--type', 'q8_0', '--ctx-train', '32768'])],
  ];
  for (const [fixture, model] of probeFixtures) {
    it(`the recipe of the recorded probe ${fixture} serves its verified context`, async () => {
      const probe = await withModel(join(ROOT, 'tests', 'fixtures', 'probes', fixture), await model());
      const run = await runCli(['recipe', probe, '--runtime', 'llama.cpp', '--json']);
      expect(run.code, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as { commands: string[]; settings: { contextSize: number } };
      await serveAndCheck(`probe ${fixture}`, out.commands[0]!, { slotContext: out.settings.contextSize, slots: 1 });
    });
  }

  const base = (settings: Recipe['settings'], trainedContext = 8192): Recipe => ({
    basis: 'settings',
    probeId: null,
    model: { path: '', name: 'tiny', architecture: 'llama', layerCount: 2, trainedContext, sizeBytes: null, headSizes: { k: [32], v: [32] } },
    machine: { backend: 'cpu', deviceName: null, vramTotalBytes: null, ramTotalBytes: null },
    settings,
    sources: Object.fromEntries(Object.keys(settings).map((k) => [k, { kind: 'user', note: 'test' }])),
    requestedContextSize: null,
    verifiedMaxContextSize: null,
    warnings: [],
    suggestions: [],
  });
  const variants: [string, Recipe['settings']][] = [
    ['CPU probe settings (FA off, f16, -ngl 0, batch 512, 2 threads)', { contextSize: 4096, flashAttention: false, typeK: 'f16', typeV: 'f16', gpuLayers: 0, batchSize: 512, ubatchSize: 512, threads: 2, parallel: 1 }],
    ['flash attention on with a q8_0 K/V cache', { contextSize: 3072, flashAttention: true, typeK: 'q8_0', typeV: 'q8_0', gpuLayers: 0, threads: 2 }],
    ['two slots: -c is the pool, each slot gets the recipe context', { contextSize: 2048, flashAttention: 'auto', parallel: 2, threads: 2, batchSize: 256, ubatchSize: 128 }],
    ['a context that is not a multiple of 256 (llama.cpp pads it)', { contextSize: 1000, threads: 2 }],
  ];
  for (const [label, settings] of variants) {
    it(`llama: ${label}`, async () => {
      const recipe = base(settings);
      // Head size 32: a q8_0 block (32 values) must divide it (the default tiny model's is 16).
      recipe.model.path = await tinyModel({ embeddingLength: 128 });
      const line = renderLlamaCpp(recipe).commands[0]!;
      await serveAndCheck(`llama: ${label}`, line, { recipeContext: settings.contextSize, slotContext: llamaServerSlotContext(recipe), slots: settings.parallel ?? 1 });
    });
  }

  it('llama: the kv_block_size warning names a real failure (q8_0 cache on a head size of 16)', async () => {
    const recipe = base({ contextSize: 2048, flashAttention: true, typeK: 'q8_0', typeV: 'q8_0', threads: 2 });
    recipe.model.path = await tinyModel();
    recipe.model.headSizes = { k: [16], v: [16] };
    const port = await freePort();
    const server = spawnLlamaServer(renderLlamaCpp(recipe).commands[0]!.replace(/--port 8080$/, `--port ${port}`), port);
    const code = await new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(server.log()).toContain('K cache type q8_0 with block size 32 does not divide n_embd_head_k=16');
    expect(consistencyWarnings(recipe.settings, recipe.model).map((w) => w.code)).toEqual(['kv_block_size', 'kv_block_size']);
    results.push(`llama, head size 16, q8_0 K/V with FA on: llama-server refused as the recipe warns ("K cache type q8_0 with block size 32 does not divide n_embd_head_k=16")`);
  });
});

/** A copy of a recorded probe file whose header points at `model` (regenerated here). */
async function withModel(fixture: string, model: string): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(fixture, 'utf8');
  const recorded = (JSON.parse(text.split('\n')[0]!) as { model: { path: string } }).model.path;
  const dir = mkdtempSync(join(os.tmpdir(), 'headroom-probe-copy-'));
  const copy = join(dir, fixture.split('/').pop()!);
  writeFileSync(copy, text.replaceAll(JSON.stringify(recorded), JSON.stringify(model)));
  return copy;
}

async function synth(args: string[]): Promise<string> {
  const out = join(mkdtempSync(join(os.tmpdir(), 'headroom-synth-')), 'model.gguf');
  const run = await runCli(['synth', ...args, '--out', out]);
  expect(run.code, run.stderr).toBe(0);
  return out;
}

interface Expected {
  /** The recipe's context, when llama.cpp pads it to `slotContext`. */
  recipeContext?: number;
  slotContext: number;
  slots: number;
}

async function serveAndCheck(label: string, line: string, expected: Expected): Promise<void> {
  const port = await freePort();
  expect(line).toMatch(/^llama-server .* --port 8080$/);
  const server = await startLlamaServer(line.replace(/--port 8080$/, `--port ${port}`), port);
  try {
    const url = server.url;
    const props = (await (await fetch(`${url}/props`)).json()) as { default_generation_settings: { n_ctx: number }; total_slots: number; build_info: string };
    expect(props.default_generation_settings.n_ctx).toBe(expected.slotContext);
    expect(props.total_slots).toBe(expected.slots);
    const slots = (await (await fetch(`${url}/slots`)).json()) as { n_ctx: number }[];
    expect(slots.map((s) => s.n_ctx)).toEqual(Array(expected.slots).fill(expected.slotContext));
    // The log line this llama.cpp prints at start.
    expect(server.log()).toContain(`initializing, n_slots = ${expected.slots}, n_ctx_slot = ${expected.slotContext}`);

    // A prompt that fills 90% of the context is served…
    const fill = Math.floor(expected.slotContext * 0.9);
    const ok = await completion(url, fill, 4);
    expect(ok.status).toBe(200);
    expect(ok.body.tokens_evaluated).toBe(fill);
    expect(ok.body.tokens_predicted).toBeGreaterThan(0);
    // …and one longer than the context is refused with the context the server holds.
    const over = await completion(url, expected.slotContext + 8, 1);
    expect(over.status).toBe(400);
    expect(over.body.error?.n_ctx).toBe(expected.slotContext);
    results.push(`${label}: ${props.build_info}; recipe ${expected.recipeContext ?? expected.slotContext} tokens × ${expected.slots} slot(s)${expected.recipeContext !== undefined && expected.recipeContext !== expected.slotContext ? ` (padded to ${expected.slotContext})` : ''}; served n_ctx ${props.default_generation_settings.n_ctx}; completion of ${ok.body.tokens_evaluated} prompt tokens + ${ok.body.tokens_predicted} generated; over-long prompt refused (n_ctx ${over.body.error?.n_ctx})\n  $ ${line}`);
  } finally {
    await server.stop();
  }
}

interface Completion {
  status: number;
  body: { tokens_evaluated?: number; tokens_predicted?: number; content?: string; error?: { n_ctx?: number; message?: string } };
}

async function completion(url: string, promptTokens: number, predict: number): Promise<Completion> {
  // Token ids, so the prompt length is exact whatever the tokenizer does with text.
  const prompt = Array.from({ length: promptTokens }, (_, i) => 300 + (i % 200));
  const response = await fetch(`${url}/completion`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ prompt, n_predict: predict, cache_prompt: false }) });
  return { status: response.status, body: (await response.json()) as Completion['body'] };
}
