import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditReport, RuntimeAudit } from '../../src-shared/contract/audit';
import { OLLAMA_DOCS, startRecordedServer, type RecordedServer } from '../support/recordedRuntime';
import { ROOT } from '../support/paths';
import { runCli } from '../support/runCli';

// `headroom audit --json` against real HTTP servers on 127.0.0.1 that replay responses recorded from
// Ollama's, LM Studio's and vLLM's documentation and issue threads (tests/fixtures/runtimes/*/SOURCES.md),
// and against servers that refuse, hang, speak another API or send broken JSON.

let server: RecordedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A HOME of its own, so logs of runtimes installed on the test machine do not leak into the audit. */
const emptyHome = () => mkdtempSync(join(os.tmpdir(), 'headroom-audit-home-'));

async function audit(args: string[], home = emptyHome()): Promise<{ report: AuditReport; ms: number; stderr: string }> {
  const started = performance.now();
  const run = await runCli(['audit', ...args, '--json'], { timeoutMs: 30_000, env: { HOME: home } });
  const ms = performance.now() - started;
  expect(run.code, run.stderr).toBe(0);
  return { report: JSON.parse(run.stdout) as AuditReport, ms, stderr: run.stderr };
}

const only = (report: AuditReport): RuntimeAudit => {
  expect(report.runtimes).toHaveLength(1);
  return report.runtimes[0]!;
};

describe('audit against recorded runtime responses', () => {
  it('Ollama (docs examples): reports the CPU share, the context and the Modelfile num_ctx, each finding with evidence and a fix', async () => {
    server = await startRecordedServer(OLLAMA_DOCS);
    const r = only((await audit(['--runtime', 'ollama', '--url', server.url])).report);
    expect(r.kind).toBe('ollama');
    expect(r.version).toBe('0.12.6');
    expect(r.settings.contextSize).toBe(4096);
    expect(r.settings.perSlotContext).toBe(4096);
    const model = r.models[0]!;
    expect(model.name).toBe('gemma3');
    // 1 − 5,333,539,264 ÷ 6,591,830,464
    expect(model.cpuShare).toBeCloseTo(0.1909, 4);
    expect(model.trainedContext).toBe(131072);
    expect(model.layers).toBe(34);
    expect(server.seen).toContain('POST /api/show');

    const spill = r.findings.find((f) => f.id === 'cpu_spill')!;
    expect(spill.severity).toBe('warning');
    expect(spill.message).toMatch(/^19% of gemma3 runs on the CPU/);
    expect(spill.evidence.map((e) => e.value)).toEqual([6591830464, 5333539264, 0.1909]);
    expect(spill.fix.line).toBe('PARAMETER num_ctx 2048   # or OLLAMA_CONTEXT_LENGTH=2048 for every model');
    expect(spill.knowledgeEntry).toBe('ollama-cpu-gpu-split');

    const small = r.findings.find((f) => f.id === 'context_small_default')!;
    expect(small.message).toContain('4,096 tokens of context, though it was trained for 131,072');
    expect(small.evidence).toContainEqual({ source: 'POST /api/show parameters', field: 'num_ctx in the Modelfile', value: 2048 });
    expect(small.fix.change).toEqual({ contextSize: 16384 });
    expect(small.knowledgeEntry).toBe('ollama-truncating-input-prompt');
    // The docs' 0.12.6 is in no known-issue range.
    expect(r.findings.some((f) => f.id === 'known_version_issue')).toBe(false);
    for (const f of r.findings) {
      expect(f.evidence.length).toBeGreaterThan(0);
      expect(f.fix.line.length).toBeGreaterThan(0);
    }
  });

  it('Ollama on this machine: its server.log (where Ollama keeps it) showing a truncated prompt is a log_failure finding', async () => {
    server = await startRecordedServer(OLLAMA_DOCS);
    const home = emptyHome();
    mkdirSync(join(home, '.ollama', 'logs'), { recursive: true });
    writeFileSync(join(home, '.ollama', 'logs', 'server.log'), readFileSync(join(ROOT, 'tests', 'fixtures', 'logs', 'context_exceeds_limit', 'ollama-cuda-colab-t4-truncating-17624.log')));
    const r = only((await audit(['--runtime', 'ollama', '--url', server.url], home)).report);
    const f = r.findings[0]!;
    expect(f.id).toBe('log_failure');
    expect(f.knowledgeEntry).toBe('ollama-truncating-input-prompt');
    expect(f.evidence).toContainEqual({ source: `log ${join(home, '.ollama', 'logs', 'server.log')}`, field: 'line 5 since the last start', value: 'truncating input prompt limit=2048 prompt=17624 keep=5 new=2048' });
    expect(f.fix.line).toMatch(/^PARAMETER num_ctx \d+/);
  });

  it('Ollama: a prompt longer than num_ctx is an error whose fix raises num_ctx to hold it', async () => {
    server = await startRecordedServer(OLLAMA_DOCS);
    const r = only((await audit(['--runtime', 'ollama', '--url', server.url, '--prompt-tokens', '9000'])).report);
    const f = r.findings[0]!;
    expect(f.id).toBe('context_below_prompts');
    expect(f.severity).toBe('error');
    expect(f.evidence).toContainEqual({ source: 'you said', field: 'prompt tokens', value: 9000 });
    expect(f.fix.line).toBe('PARAMETER num_ctx 9216   # or OLLAMA_CONTEXT_LENGTH=9216 for every model');
  });

  it('Ollama fully on the GPU with a 16k context (a real /api/ps capture): no spill, no small-context finding', async () => {
    server = await startRecordedServer({ ...OLLAMA_DOCS, 'GET /api/ps': { fixture: 'ollama/ps-hermes3-16384-gpu.json' }, 'POST /api/show': { status: 404, body: '{"error":"model not found"}' } });
    const r = only((await audit(['--url', server.url])).report);
    expect(r.kind).toBe('ollama');
    expect(r.models[0]).toMatchObject({ name: 'hermes3:8b', cpuShare: 0, contextSize: 16384 });
    expect(r.findings.map((f) => f.id)).toEqual([]);
  });

  it('Ollama at 0.31.2: the known issue of that release (ollama/ollama#17099), with the thread as evidence and the install of 0.31.1 as the fix', async () => {
    server = await startRecordedServer({ ...OLLAMA_DOCS, 'GET /api/version': { fixture: 'ollama/version-0.31.2-thread-17099.json' } });
    const r = only((await audit(['--runtime', 'ollama', '--url', server.url])).report);
    expect(r.version).toBe('0.31.2');
    const known = r.findings.filter((f) => f.id === 'known_version_issue');
    expect(known.map((f) => f.knowledgeEntry)).toEqual(['ollama-0-31-2-vision-memory-estimate']);
    expect(known[0]!.evidence).toEqual([
      { source: 'GET /api/version', field: 'version', value: '0.31.2' },
      { source: 'knowledge base ollama-0-31-2-vision-memory-estimate', field: 'Ollama versions with the issue', value: '0.31.2' },
      // The docs' gemma3 lists the vision capability: the model kind the thread's issue hits.
      { source: 'POST /api/show capabilities', field: 'capabilities', value: 'completion, vision' },
      { source: 'reported in', field: 'thread', value: 'ollama/ollama#17099' },
    ]);
    expect(known[0]!.fix.line).toBe('curl -fsSL https://ollama.com/install.sh | OLLAMA_VERSION=0.31.1 sh');
    // The live findings stand beside it, unchanged.
    expect(r.findings.map((f) => f.id)).toEqual(['context_small_default', 'cpu_spill', 'known_version_issue']);
  });

  it('LM Studio v1 (docs example): the loaded context against the model maximum', async () => {
    server = await startRecordedServer({ 'GET /api/v1/models': { fixture: 'lmstudio/v1-models-docs.json' } });
    const r = only((await audit(['--url', server.url])).report);
    expect(r.kind).toBe('lmstudio');
    expect(r.settings.contextSize).toBe(4096);
    expect(r.models.map((m) => m.name)).toEqual(['gemma-3-270m-it-qat']);
    const small = r.findings.find((f) => f.id === 'context_small_default')!;
    expect(small.fix.line).toBe('lms load gemma-3-270m-it-qat --context-length 16384');
  });

  it('LM Studio v0 with nothing loaded (docs example): says so, with the load command as the fix', async () => {
    server = await startRecordedServer({ 'GET /api/v0/models': { fixture: 'lmstudio/v0-models-docs.json' } });
    const r = only((await audit(['--runtime', 'lmstudio', '--url', server.url])).report);
    expect(r.kind).toBe('lmstudio');
    expect(r.findings.map((f) => [f.id, f.fix.line])).toEqual([['no_model_loaded', 'lms load MODEL']]);
  });

  it('vLLM (issue-thread captures): max_model_len and the cache dtype from /metrics', async () => {
    server = await startRecordedServer({ 'GET /v1/models': { fixture: 'vllm/v1-models-modal-843.json' }, 'GET /metrics': { fixture: 'vllm/metrics-cache-config-16560.txt' } });
    const r = only((await audit(['--url', server.url])).report);
    expect(r.kind).toBe('vllm');
    expect(r.settings.contextSize).toBe(8096);
    expect(r.models[0]!.name).toBe('meta-llama/Meta-Llama-3.1-8B-Instruct');
    const kv = r.findings.find((f) => f.id === 'kv_cache_defaults')!;
    expect(kv.fix.line).toBe('--kv-cache-dtype fp8');
    expect(r.findings.some((f) => f.id === 'kv_cache_pressure')).toBe(false);
  });

  it('vLLM 0.10 metrics: an idle KV cache (kv_cache_usage_perc ≈ 0) is no pressure finding', async () => {
    server = await startRecordedServer({ 'GET /v1/models': { fixture: 'vllm/v1-models-modal-843.json' }, 'GET /metrics': { fixture: 'vllm/metrics-kv-usage-617.txt' } });
    const r = only((await audit(['--runtime', 'vllm', '--url', server.url, '--prompt-tokens', '12000'])).report);
    expect(r.findings.map((f) => f.id)).toEqual(['context_below_prompts']);
    expect(r.findings[0]!.fix.line).toBe('--max-model-len 12288');
    expect(r.findings[0]!.knowledgeEntry).toBe('vllm-prompt-longer-than-max-model-len');
  });
});

describe('audit of servers that are not a healthy runtime: a clear finding, never a crash or a hang', () => {
  const LIMIT_MS = 3000;

  it('nothing listening: "Nothing answers at …", refused', async () => {
    const port = await closedPort();
    const { report } = await audit(['--runtime', 'ollama', '--url', `http://127.0.0.1:${port}`]);
    const f = only(report).findings[0]!;
    expect(f).toMatchObject({ id: 'unreachable', severity: 'error' });
    expect(f.message).toBe(`Nothing answers at http://127.0.0.1:${port}: the connection was refused, so Ollama is not running there (or listens on another port).`);
    expect(f.fix.line).toContain('ollama serve');
  });

  it('a server that accepts and never answers: a time-out finding within the 3 s limit', async () => {
    server = await startRecordedServer({ 'GET /api/version': { hang: true } });
    const { report, ms } = await audit(['--runtime', 'ollama', '--url', server.url]);
    const f = only(report).findings[0]!;
    expect(f.id).toBe('unreachable');
    expect(f.message).toMatch(/^Nothing answers at http:\/\/127\.0\.0\.1:\d+ within 3000 ms/);
    expect(f.evidence[0]!.value).toMatch(/^timeout after (29|30)\d\d ms$/);
    // The CLI's own start-up is on top of the audit's deadline.
    expect(ms).toBeLessThan(LIMIT_MS + 5000);
  });

  it('a hang without --runtime: every connector gives up by the same deadline', async () => {
    server = await startRecordedServer({ 'GET /api/version': { hang: true }, 'GET /props': { hang: true }, 'GET /api/v1/models': { hang: true }, 'GET /v1/models': { hang: true } });
    const { report } = await audit(['--url', server.url, '--timeout', '800']);
    const r = only(report);
    expect(r.kind).toBeNull();
    expect(r.findings[0]!.message).toMatch(/within 800 ms/);
  });

  it('a web server that is not a runtime (HTML everywhere)', async () => {
    server = await startRecordedServer({ 'GET /props': { body: '<html><body>router login</body></html>', contentType: 'text/html' } });
    const f = only((await audit(['--runtime', 'llama-server', '--url', server.url])).report).findings[0]!;
    expect(f.id).toBe('not_a_runtime');
    expect(f.message).toMatch(/Something answers at .* but it is not llama-server's API \(\/props: not JSON \(text\/html/);
  });

  it('the wrong port: Ollama asked where LM Studio answers', async () => {
    server = await startRecordedServer({ 'GET /api/v1/models': { fixture: 'lmstudio/v1-models-docs.json' } });
    const f = only((await audit(['--runtime', 'ollama', '--url', server.url])).report).findings[0]!;
    expect(f.id).toBe('not_a_runtime');
    expect(f.message).toContain("but it is not Ollama's API (/api/version: HTTP 404)");
    expect(f.fix.line).toContain('Ollama 11434');
  });

  it('malformed JSON from the runtime', async () => {
    server = await startRecordedServer({ 'GET /api/version': { fixture: 'ollama/version-docs.json' }, 'GET /api/ps': { body: '{"models": [{"name": "gemma3", "size": 65918', contentType: 'application/json' } });
    const f = only((await audit(['--runtime', 'ollama', '--url', server.url])).report).findings[0]!;
    expect(f.id).toBe('malformed_response');
    expect(f.message).toContain('/api/ps: malformed JSON');
  });

  it('valid JSON of the wrong shape', async () => {
    server = await startRecordedServer({ 'GET /api/version': { fixture: 'ollama/version-docs.json' }, 'GET /api/ps': { body: '{"models": [{"name": "gemma3", "size": "big"}]}' } });
    const f = only((await audit(['--runtime', 'ollama', '--url', server.url])).report).findings[0]!;
    expect(f.id).toBe('malformed_response');
    expect(f.message).toContain('GET /api/ps did not answer as the runtime\'s API documents: models.0.size');
  });

  it('bad flags are usage errors with a hint', async () => {
    const run = await runCli(['audit', '--runtime', 'kobold', '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown runtime "kobold"');
    const timeout = await runCli(['audit', '--timeout', '10000', '--json']);
    expect(timeout.code).toBe(2); // input a channel refuses is a usage error (exit 2), with the bound in the hint
    expect(timeout.stderr).toContain('timeoutMs');
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
