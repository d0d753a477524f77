import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditReport, RuntimeAudit } from '../../src-shared/contract/audit';
import { shellQuote } from '../../src-shared/domain/recipe/shellQuote';
import { freePort, LLAMA_BIN, LLAMA_SKIP_REASON, startLlamaServer, type LlamaServer } from '../support/llamaServer';
import { RESULTS, testCacheDir } from '../support/paths';
import { runCli } from '../support/runCli';
import { tinyModel } from '../support/tinyModel';

// Issue 16's spill test: a real llama-server started with a partial GPU layer count on a Vulkan device
// (Mesa's lavapipe here, a real Vulkan driver on the CPU) must be audited as a CPU spill, with its
// share, from the server's own load line. The binary comes from HEADROOM_LLAMA_CPP_BIN (CI builds its
// CPU and Vulkan backends there); the test skips only when that binary has no Vulkan backend.

/** Whether the llama.cpp in `dir` has a Vulkan backend: linked into llama-server, or a ggml-vulkan library beside it. */
function hasVulkanBackend(dir: string): boolean {
  if (readdirSync(dir).some((f) => /ggml-vulkan/.test(f))) return true;
  return readFileSync(join(dir, 'llama-server')).includes('ggml_vulkan');
}

const SKIP = LLAMA_SKIP_REASON ?? (hasVulkanBackend(LLAMA_BIN!) ? null : `the llama.cpp in ${LLAMA_BIN} has no Vulkan backend`);
const suffix = SKIP ? ` (skipped: ${SKIP})` : '';

// lavapipe: the first Vulkan device; it needs a runtime dir, and its shader cache goes to a temporary folder.
const VULKAN_ENV = `GGML_VK_VISIBLE_DEVICES=0 XDG_RUNTIME_DIR=/tmp MESA_SHADER_CACHE_DIR=${shellQuote(testCacheDir('mesa-cache'))}`;

const servers: LlamaServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function serve(model: string, flags: string): Promise<LlamaServer> {
  const port = await freePort();
  // `env` execs llama-server, so the process listening on the port is llama-server with these flags and this environment.
  const server = await startLlamaServer(`env ${VULKAN_ENV} llama-server -m ${shellQuote(model)} -c 4096 -np 1 -t 1 ${flags} --port ${port}`, port);
  servers.push(server);
  return server;
}

async function audit(url: string): Promise<RuntimeAudit> {
  const run = await runCli(['audit', '--runtime', 'llama-server', '--url', url, '--json'], { timeoutMs: 60_000 });
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as AuditReport).runtimes[0]!;
}

describe.skipIf(SKIP !== null)(`audit of a real llama-server on a Vulkan device${suffix}`, () => {
  it('-ngl 1 of 3 layers: a CPU spill of 67%, from -ngl and the devices its binary lists, or from its load line at -lv 4; -ngl 99: none', async () => {
    // Tiny: the per-layer KV tensor stays far below lavapipe's 128 MiB limit.
    const model = await tinyModel({ embeddingLength: 128 });
    const dir = mkdtempSync(join(os.tmpdir(), 'headroom-audit-vulkan-'));

    // At the default log verbosity this llama.cpp prints no offload line and its API names no device.
    const partial = await serve(model, '-ngl 1');
    const r = await audit(partial.url);
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'audit-llama-server-vulkan.json'), `${JSON.stringify(r, null, 2)}\n`);
    expect(r.settings.gpuLayers).toBe(1);
    const spill = r.findings.find((f) => f.id === 'cpu_spill')!;
    expect(spill).toBeDefined();
    expect(spill.severity).toBe('error');
    expect(spill.knowledgeEntry).toBe('partial-gpu-offload');
    expect(spill.message).toMatch(/^67% of \S+ runs on the CPU/);
    expect(spill.evidence).toEqual([
      { source: 'process command line', field: '-ngl', value: 1 },
      { source: 'GGUF metadata', field: 'block_count (+1 output layer)', value: 3 },
      { source: 'llama-server --list-devices', field: 'GPU', value: expect.stringMatching(/^Vulkan0: llvmpipe .* \(\d+ MiB\)$/) },
    ]);
    // The fix halves the context so more layers fit, in llama-server's flags and as a whole command line.
    expect(spill.fix.line).toBe('-c 2048 -np 1');
    expect(spill.fix.command).toContain('-ngl 1');
    await partial.stop();

    // With -lv 4 and a log file, the server's own load line is the evidence.
    const logFile = join(dir, 'partial.log');
    const logged = await serve(model, `-ngl 1 -lv 4 --log-file ${shellQuote(logFile)}`);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toMatch(/using device Vulkan0/);
    expect(log).toContain('offloaded 1/3 layers to GPU');
    const fromLog = (await audit(logged.url)).findings.find((f) => f.id === 'cpu_spill')!;
    expect(fromLog.message).toMatch(/^67% of \S+ runs on the CPU/);
    expect(fromLog.evidence).toEqual([{ source: `log ${logFile}`, field: 'load line', value: expect.stringContaining('offloaded 1/3 layers to GPU') }]);
    await logged.stop();

    const full = await serve(model, '-ngl 99');
    const after = await audit(full.url);
    expect(after.findings.some((f) => f.id === 'cpu_spill')).toBe(false);
    await full.stop();
  });
});
