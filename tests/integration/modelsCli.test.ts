import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EstimateResultSchema, SynthResultSchema } from '../../src-shared/contract/models';
import { GgufSummarySchema } from '../../src-shared/domain/models/GgufSummary';
import { ROOT } from '../support/paths';
import { runCli } from '../support/runCli';

const dir = mkdtempSync(join(os.tmpdir(), 'headroom-cli-models-'));
const env = { HEADROOM_DATA_DIR: join(dir, 'data') };

describe('headroom synth / inspect / estimate', () => {
  it('synth --list-presets lists the presets with their geometry', async () => {
    const run = await runCli(['synth', '--list-presets', '--json'], { env });
    expect(run.code).toBe(0);
    const names = (JSON.parse(run.stdout) as { presets: { name: string }[] }).presets.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['llama-3.1-8b', 'qwen2.5-7b', 'qwen3-8b', 'mistral-7b', 'gemma-2-9b', 'phi-3-mini', 'deepseek-v2-lite']));
  });

  it('synth from geometry flags writes a file whose size is the written geometry, then inspect reads it back', async () => {
    const out = join(dir, 'flags.gguf');
    const run = await runCli(['synth', '--arch', 'qwen3', '--layers', '3', '--n-embd', '128', '--n-head', '4', '--n-head-kv', '2', '--n-ff', '256', '--n-vocab', '600', '--type', 'q8_0', '--out', out, '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const result = SynthResultSchema.parse(JSON.parse(run.stdout));
    expect(statSync(out).size).toBe(result.sizeBytes);
    const inspect = await runCli(['inspect', out, '--json'], { env });
    const summary = GgufSummarySchema.parse(JSON.parse(inspect.stdout));
    expect(summary.geometry).toEqual(result.geometry);
    // Tensor data = the tensors' bytes plus alignment padding (under 32 bytes each).
    expect(result.tensorDataBytes - summary.tensorBytes).toBeGreaterThanOrEqual(0);
    expect(result.tensorDataBytes - summary.tensorBytes).toBeLessThan(32 * summary.tensorCount);
    const text = await runCli(['inspect', out], { env });
    expect(text.stdout).toMatch(/attention +4 heads, 2 KV heads, key 32 \/ value 32/);
    expect(text.stdout).toMatch(/qwen3\.block_count = 3/);
  });

  it('synth --like copies a geometry from flat metadata JSON', async () => {
    const meta = join(dir, 'like.json');
    writeFileSync(meta, JSON.stringify({ 'general.architecture': 'qwen2', 'qwen2.block_count': 48, 'qwen2.embedding_length': 256, 'qwen2.attention.head_count': 8, 'qwen2.attention.head_count_kv': 2, 'qwen2.feed_forward_length': 512, 'qwen2.vocab_size': 1024, 'qwen2.context_length': 16384 }));
    const run = await runCli(['synth', '--like', meta, '--layers', '2', '--type', 'f16', '--out', join(dir, 'like.gguf'), '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const result = SynthResultSchema.parse(JSON.parse(run.stdout));
    expect(result.geometry).toMatchObject({ architecture: 'qwen2', layers: 2, kvHeads: 2, keyLength: 32, vocabSize: 1024, contextLength: 16384 });
    expect(result.originalLayers).toBe(48);
  });

  it('synth --preset --layers says that the depth was cut', async () => {
    const run = await runCli(['synth', '--preset', 'phi-3-mini', '--layers', '1', '--out', join(dir, 'phi.gguf')], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Depth cut from 32 to 1 layers: KV cache and compute per layer are the real model's; totals scale/);
  });

  it('estimate --metadata fills llama.cpp defaults and prints the fields the issue names', async () => {
    const meta = join(dir, 'qwen2.json');
    writeFileSync(meta, JSON.stringify({ 'general.architecture': 'qwen2', 'qwen2.block_count': 64, 'qwen2.embedding_length': 5120, 'qwen2.attention.head_count': 40, 'qwen2.attention.head_count_kv': 8 }));
    const run = await runCli(['estimate', '--metadata', meta, '--ctx', '32768', '--type-k', 'q8_0', '--type-v', 'q8_0', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const e = EstimateResultSchema.parse(JSON.parse(run.stdout));
    // key length defaults to 5120 / 40 = 128: 64 layers × 8 × 128 × 32768 × 34/32 B each for K and V.
    expect(e.kvCache.kBytes).toBe(64 * 8 * 128 * 32768 * (34 / 32));
    expect(e.kvCache.totalBytes).toBe(2 * e.kvCache.kBytes);
    expect(e.weightsBytes).toBeNull();
    expect(e.errorBand.highBytes).toBeGreaterThan(e.totalBytes);
    const raw = JSON.parse(run.stdout) as Record<string, unknown>;
    for (const key of ['kvCache', 'weightsBytes', 'computeBytes', 'totalBytes', 'errorBand']) expect(raw).toHaveProperty(key);
  });

  it('estimate --metadata reproduces llama.cpp\'s printed KV within 1 % for every cited case this llama.cpp\'s rules apply to', async () => {
    const cases = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/memory/llama-log-cases.json'), 'utf8')) as {
      id: string; runtime: string; llamaCppVersion: string | null; metadata: Record<string, unknown>;
      settings: { nCtx: number; nSeqMax: number | null; nUbatch: number | null; flashAttention: boolean | null; typeK: string; typeV: string | null };
      printed: { kvTotalMiB: number };
    }[];
    // Old builds and forks sized SWA and MLA caches differently (see KvCacheRules); the other cases are build-independent.
    const arch = (c: (typeof cases)[number]) => String(c.metadata['general.architecture']);
    const fork = (c: (typeof cases)[number]) => /ik_llama/.test(c.runtime) && !/mainline/.test(c.runtime);
    const current = cases.filter((c) => !c.metadata[`${arch(c)}.attention.kv_lora_rank`] && !(c.metadata[`${arch(c)}.attention.sliding_window`] && fork(c)));
    expect(current.length).toBeGreaterThanOrEqual(15);
    for (const c of current) {
      const file = join(dir, `${c.id}.json`);
      writeFileSync(file, JSON.stringify(c.metadata));
      const s = c.settings;
      const run = await runCli(['estimate', '--metadata', file, '--ctx', String(s.nCtx), '--type-k', s.typeK, '--type-v', s.typeV ?? 'f16', '--parallel', String(s.nSeqMax ?? 1),
        '--ubatch', String(s.nUbatch ?? 512), '--fa', s.flashAttention === false ? 'off' : 'on', '--json'], { env });
      expect(run.code, `${c.id}: ${run.stderr}`).toBe(0);
      const kv = (JSON.parse(run.stdout) as { kvCache: { totalBytes: number } }).kvCache.totalBytes / 1024 ** 2;
      expect(Math.abs(kv - c.printed.kvTotalMiB) / c.printed.kvTotalMiB, c.id).toBeLessThan(0.01);
    }
  });

  it('estimate on a file splits weights and KV across the CPU and a GPU', async () => {
    const out = join(dir, 'split.gguf');
    await runCli(['synth', '--preset', 'mistral-7b', '--layers', '4', '--type', 'q4_0', '--out', out], { env });
    const run = await runCli(['estimate', out, '--ctx', '8192', '--gpu-layers', '3', '--vram', '8', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const e = EstimateResultSchema.parse(JSON.parse(run.stdout));
    const [cpu, gpu] = e.devices;
    expect(gpu!.layers).toBe(3);
    expect(cpu!.layers).toBe(2);
    expect(gpu!.kvBytes).toBe(e.kvCache.totalBytes / 2);
    expect(e.weightsSource).toBe('tensors');
  });

  it('bad input: a clear error, a hint, exit 2 for usage and 1 for a bad file', async () => {
    const noCtx = await runCli(['estimate', '--preset', 'qwen3-8b'], { env });
    expect(noCtx.code).toBe(2);
    expect(noCtx.stderr).toMatch(/error: estimate needs --ctx N/);
    const badType = await runCli(['estimate', '--preset', 'qwen3-8b', '--ctx', '4096', '--type-k', 'q3_k'], { env });
    expect(badType.stderr).toMatch(/--type-k must be one of f32, f16, bf16, q8_0/);
    const preset = await runCli(['synth', '--preset', 'llama-9', '--json'], { env });
    expect(preset.code).toBe(1);
    expect(preset.stderr).toMatch(/Unknown preset "llama-9"[\s\S]*hint: Use one of: llama-3.1-8b/);
    const missing = await runCli(['inspect', join(dir, 'none.gguf')], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read GGUF file .*none\.gguf: the file does not exist/);
    const meta = join(dir, 'empty.json');
    writeFileSync(meta, JSON.stringify({ 'general.architecture': 'llama' }));
    const noLayers = await runCli(['estimate', '--metadata', meta, '--ctx', '4096'], { env });
    expect(noLayers.stderr).toMatch(/no "llama\.block_count"[\s\S]*hint: Add "llama\.block_count"/);
  });
});
