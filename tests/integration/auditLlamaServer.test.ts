import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditReport, RuntimeAudit } from '../../src-shared/contract/audit';
import { completeTokens, freePort, LLAMA_SKIP_REASON, startLlamaServer, type LlamaServer } from '../support/llamaServer';
import { shellQuote } from '../../src-shared/domain/recipe/shellQuote';
import { RESULTS, ROOT } from '../support/paths';
import { runCli } from '../support/runCli';
import { tinyModel } from '../support/tinyModel';

// The bar of issue 16: `headroom audit --json` against a real llama-server started with -np 4 and a
// small context reports its slots, the per-slot division and the findings; the fix it exports starts a
// server that gives one request the whole context.

const suffix = LLAMA_SKIP_REASON ? ` (skipped: ${LLAMA_SKIP_REASON})` : '';
const servers: LlamaServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function audit(url: string, extra: string[] = [], env: Record<string, string> = {}): Promise<RuntimeAudit> {
  const run = await runCli(['audit', '--runtime', 'llama-server', '--url', url, ...extra, '--json'], { timeoutMs: 60_000, env });
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as AuditReport;
  expect(report.runtimes).toHaveLength(1);
  return report.runtimes[0]!;
}

describe.skipIf(LLAMA_SKIP_REASON !== null)(`audit of a real llama-server${suffix}`, () => {
  it('-np 4 -c 2048: 4 slots of 512 tokens, the division, a full slot and the f16 cache, each with evidence and a fix that works', async () => {
    // Head size 32, so a q8_0 cache (32-value blocks) is allowed.
    const model = await tinyModel({ embeddingLength: 128 });
    const dir = mkdtempSync(join(os.tmpdir(), 'headroom-audit-'));
    const logFile = join(dir, 'llama-server.log');
    const port = await freePort();
    const server = await startLlamaServer(`llama-server -m ${shellQuote(model)} -c 2048 -np 4 -t 1 --port ${port} --log-file ${shellQuote(logFile)}`, port);
    servers.push(server);
    // One prompt that fills 92% of a slot, so /slots shows prompts at the limit.
    expect(await completeTokens(server.url, 470)).toBe(200);
    // And one too long for a slot: refused, and the refusal is in the server's log.
    expect(await completeTokens(server.url, 600)).toBe(400);

    const r = await audit(server.url);
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'audit-llama-server.json'), `${JSON.stringify(r, null, 2)}\n`);
    expect(r.kind).toBe('llama-server');
    expect(r.version).toMatch(/^b?\d+/);
    // /props build_info of this build ("b1-<commit>": cloned without history) names no release, so no known-issue range can hold.
    expect(r.version).toMatch(/^b\d+-[0-9a-f]+$/);
    expect(r.findings.some((f) => f.id === 'known_version_issue')).toBe(false);
    expect(r.settings).toEqual({ contextSize: 2048, slots: 4, perSlotContext: 512, gpuLayers: 'auto', flashAttention: 'auto', typeK: 'f16', typeV: 'f16' });
    expect(r.settingSources.contextSize).toBe('process command line -c');
    expect(r.settingSources.typeK).toBe('process command line (flag absent: llama-server default)');
    expect(r.models[0]).toMatchObject({ path: model, layers: 2, trainedContext: 8192 });

    const logged = r.findings.find((f) => f.id === 'log_failure')!;
    expect(logged.severity).toBe('error');
    expect(logged.knowledgeEntry).toBe('llama-server-request-exceeds-context');
    expect(logged.evidence[0]!.source).toBe(`log ${logFile}`);
    expect(logged.evidence.map((e) => e.value).join('\n')).toContain('request (600 tokens) exceeds the available context size (512 tokens)');
    expect(logged.fix.line).toMatch(/^-c \d+ -np 4$/);

    const division = r.findings.find((f) => f.id === 'per_slot_division')!;
    expect(division.knowledgeEntry).toBe('llama-server-request-exceeds-context');
    expect(division.severity).toBe('warning');
    expect(division.message).toContain('divides its 2,048-token context among 4 slots, so each request gets 512 tokens');
    expect(division.evidence).toEqual([
      { source: 'GET /props total_slots', field: 'total_slots', value: 4 },
      { source: 'GET /props default_generation_settings.n_ctx', field: 'per-request context', value: 512 },
      { source: 'process command line -c', field: 'context pool (-c)', value: 2048 },
    ]);
    expect(division.fix.line).toBe('-c 2048 -np 1');
    expect(division.fix.command).toBe(`llama-server -m ${shellQuote(model)} -t 1 --port ${port} --log-file ${shellQuote(logFile)} -c 2048 -np 1`);

    const full = r.findings.find((f) => f.id === 'context_below_prompts')!;
    // n_prompt_tokens counts what the slot holds after the request: the 470 prompt tokens and the reply.
    const held = full.evidence.find((e) => /^slot \d n_prompt_tokens$/.test(e.field))!;
    expect(held.source).toBe('GET /slots');
    expect(held.value).toBeGreaterThanOrEqual(470);
    expect(held.value).toBeLessThanOrEqual(474);
    expect(full.fix.line).toBe('-c 4096 -np 4');

    const kv = r.findings.find((f) => f.id === 'kv_cache_defaults')!;
    expect(kv.fix.line).toBe('-fa on  -ctk q8_0  -ctv q8_0');
    // 2 layers × 2 KV heads × 32 × 2,048 cells × 2 bytes, for K and for V.
    expect(kv.evidence.find((e) => e.field === 'KV cache bytes now')!.value).toBe(1048576);
    expect(r.models[0]!.name).toBe(model.split('/').pop());
    // This build is CPU-only: the log has no offload line and nothing is claimed about a GPU.
    expect(r.findings.some((f) => f.id === 'cpu_spill')).toBe(false);

    // The exported fix, run as printed (on another port), serves one slot with the whole context.
    const fixPort = await freePort();
    const fixed = await startLlamaServer(division.fix.command!.replace(`--port ${port}`, `--port ${fixPort}`).replace(logFile, join(dir, 'fixed.log')), fixPort);
    servers.push(fixed);
    const props = (await (await fetch(`${fixed.url}/props`)).json()) as { total_slots: number; default_generation_settings: { n_ctx: number } };
    expect([props.total_slots, props.default_generation_settings.n_ctx]).toEqual([1, 2048]);
    const after = await audit(fixed.url);
    expect(after.findings.map((f) => f.id)).not.toContain('per_slot_division');
    await fixed.stop();

    // The cache fix starts too, and its audit no longer reports the default cache.
    const kvPort = await freePort();
    const quantized = await startLlamaServer(kv.fix.command!.replace(`--port ${port}`, `--port ${kvPort}`).replace(logFile, join(dir, 'kv.log')), kvPort);
    servers.push(quantized);
    const kvAfter = await audit(quantized.url);
    expect(kvAfter.settings).toMatchObject({ flashAttention: true, typeK: 'q8_0', typeV: 'q8_0' });
    expect(kvAfter.findings.map((f) => f.id)).not.toContain('kv_cache_defaults');
    await quantized.stop();

    // With the user's prompt length: the division becomes an error, and the fix holds the prompt in every slot.
    const stated = await audit(server.url, ['--prompt-tokens', '1000']);
    expect(stated.findings[0]!.severity).toBe('error');
    const below = stated.findings.find((f) => f.id === 'context_below_prompts')!;
    expect(below.fix.line).toBe('-c 4096 -np 4');
    expect(below.fix.command).toContain('-c 4096 -np 4');
  });

  it('a context above what a probe of the same model file verified: a finding citing the probe, whose fix stays within it', async () => {
    const model = await tinyModel();
    // The recorded probe (4 contexts up to 4,096 passed), pointed at this machine's copy of its model.
    const fixture = readFileSync(join(ROOT, 'tests', 'fixtures', 'probes', 'grid-cpu-tiny.jsonl'), 'utf8');
    const recorded = (JSON.parse(fixture.split('\n')[0]!) as { id: string; model: { path: string } });
    const dataDir = mkdtempSync(join(os.tmpdir(), 'headroom-audit-data-'));
    mkdirSync(join(dataDir, 'probes'));
    writeFileSync(join(dataDir, 'probes', `${recorded.id}.jsonl`), fixture.replaceAll(JSON.stringify(recorded.model.path), JSON.stringify(model)));
    const port = await freePort();
    const server = await startLlamaServer(`llama-server -m ${shellQuote(model)} -c 8192 -np 1 -t 1 --port ${port}`, port);
    servers.push(server);
    const r = await audit(server.url, [], { HEADROOM_DATA_DIR: dataDir });
    const f = r.findings.find((x) => x.id === 'context_above_verified')!;
    expect(f.message).toContain(`Each request may use 8,192 tokens, more than the 4,096 that probe ${recorded.id} verified`);
    expect(f.evidence).toContainEqual({ source: `probe ${recorded.id}`, field: 'largest verified context', value: 4096 });
    expect(f.fix.line).toBe('-c 4096 -np 1');
    expect(r.findings.some((x) => x.id === 'per_slot_division')).toBe(false);
    await server.stop();
  });
});
