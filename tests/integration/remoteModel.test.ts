import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EstimateResultSchema } from '../../src-shared/contract/models';
import { GgufSummarySchema } from '../../src-shared/domain/models/GgufSummary';
import { readGgufSummary } from '../../src-main/models/gguf/readGgufSummary';
import { readRemoteSummary } from '../../src-main/models/remote/readRemoteSummary';
import { startGgufServer, startHttpProxy, type GgufServer } from '../support/ggufServer';
import { runCli } from '../support/runCli';
import { splitGguf } from '../support/splitGguf';
import { tinyModel } from '../support/tinyModel';

// Remote GGUF headers (issue 15): a real HTTP server on 127.0.0.1 in this process serves generated
// models with Range support, a split model, and the ways servers fail.

const dir = mkdtempSync(join(os.tmpdir(), 'headroom-remote-'));
const dataDir = join(dir, 'data');
let server: GgufServer;
let model: string;
let parts: string[];
const HEADER_CHUNK = 2_000_000;

beforeAll(async () => {
  // 32,000 tokens and 512-wide embeddings: a ~68 MB file whose header (vocabulary included) is well under one 2 MB range.
  model = await tinyModel({ vocabSize: 32_000, embeddingLength: 512, feedForwardLength: 1024, heads: 4, kvHeads: 2 });
  parts = await splitGguf(model, join(dir, 'model-F16'), 2);
  // The same model labelled as an architecture the synthetic writer cannot write (falcon).
  const [falcon] = await splitGguf(model, join(dir, 'falcon'), 1, (kv) => Object.fromEntries(Object.entries(kv).map(([k, v]) => [k.replace(/^llama\./, 'falcon.'), k === 'general.architecture' ? { ...v, value: 'falcon' } : v])));
  const notGguf = join(dir, 'readme.gguf');
  writeFileSync(notGguf, 'This is a README, not a model.\n'.repeat(100));
  server = await startGgufServer({
    '/api/models/acme/tiny-GGUF/revision/main': { json: { siblings: [{ rfilename: 'README.md' }, { rfilename: 'tiny-F16.gguf' }, { rfilename: 'mmproj-tiny-F16.gguf' }] } },
    '/api/models/acme/split-GGUF/revision/main': { json: { siblings: [{ rfilename: 'model-F16-00002-of-00002.gguf' }, { rfilename: 'model-F16-00001-of-00002.gguf' }] } },
    // Hugging Face answers /resolve/ with a redirect to its CDN.
    '/acme/tiny-GGUF/resolve/main/tiny-F16.gguf': { redirect: '/cdn/tiny-F16.gguf' },
    '/cdn/tiny-F16.gguf': { file: model },
    '/acme/split-GGUF/resolve/main/model-F16-00001-of-00002.gguf': { file: parts[0]! },
    '/acme/split-GGUF/resolve/main/model-F16-00002-of-00002.gguf': { file: parts[1]! },
    '/gated/m/resolve/main/m.gguf': { file: model, requireToken: 'hf_secret' },
    '/norange/m.gguf': { file: model, ignoreRange: true },
    '/notgguf/readme.gguf': { file: notGguf },
    '/trunc/m.gguf': { file: model, truncateAt: 4096 },
    '/page/m.gguf': { file: notGguf, ignoreRange: true, contentType: 'text/html' },
    '/slow/m.gguf': { hang: true },
    '/broken/m.gguf': { status: 500 },
    '/falcon/m.gguf': { file: falcon! },
  });
});

afterAll(async () => server?.close());

const env = () => ({ HF_ENDPOINT: server.origin, HEADROOM_DATA_DIR: dataDir, HF_TOKEN: '', HTTP_PROXY: '', http_proxy: '' });
const cacheFiles = (data: string) => (existsSync(join(data, 'remote-headers')) ? readdirSync(join(data, 'remote-headers')) : []);

async function remoteError(ref: string, extraEnv: Record<string, string> = {}, data = join(dir, `data-${Math.random().toString(36).slice(2)}`)) {
  try {
    await readRemoteSummary(ref, { dataDir: data, env: { ...env(), ...extraEnv } });
  } catch (error) {
    expect(cacheFiles(data), 'nothing is cached, not even half a file').toEqual([]);
    return error as Error & { code: string; hint: string };
  }
  throw new Error(`expected ${ref} to fail`);
}

describe('remote GGUF headers', () => {
  it('inspect hf:owner/repo/file.gguf reads the header through range requests only, then serves it from the cache', async () => {
    const local = await readGgufSummary(model);
    const run = await runCli(['inspect', 'hf:acme/tiny-GGUF/tiny-F16.gguf', '--json'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const s = GgufSummarySchema.parse(JSON.parse(run.stdout));
    expect(s.geometry).toEqual(local.geometry);
    expect(s.tensors).toEqual(local.tensors);
    expect(s.sizeBytes).toBe(statSync(model).size);
    // Header-sized: one 2 MB range of a 68 MB file, counted by the client and by the server alike.
    expect(s.remote!.transferredBytes).toBeLessThanOrEqual(HEADER_CHUNK);
    expect(s.remote!.transferredBytes).toBeLessThan(s.sizeBytes / 20);
    expect(server.sentFor('tiny-F16.gguf')).toBe(s.remote!.transferredBytes);
    expect(server.requests.filter((r) => r.url === '/cdn/tiny-F16.gguf').every((r) => r.range !== null && r.status === 206)).toBe(true);
    const before = server.requests.length;
    const again = GgufSummarySchema.parse(JSON.parse((await runCli(['inspect', 'hf:acme/tiny-GGUF/tiny-F16.gguf', '--json'], { env: env() })).stdout));
    expect(again.remote).toMatchObject({ cached: true, transferredBytes: 0 });
    expect(server.requests.length).toBe(before);
  });

  it('estimate owner/repo:QUANT finds the file through the Hub API and uses its exact tensors', async () => {
    const run = await runCli(['estimate', 'acme/tiny-GGUF:F16', '--ctx', '4096', '--json'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const remote = EstimateResultSchema.parse(JSON.parse(run.stdout));
    const local = EstimateResultSchema.parse(JSON.parse((await runCli(['estimate', model, '--ctx', '4096', '--json'], { env: env() })).stdout));
    expect(remote.weightsSource).toBe('tensors');
    expect(remote.totalBytes).toBe(local.totalBytes);
    expect(remote.source).toBe('remote header acme/tiny-GGUF:F16');
  });

  it('sums the parts of a split model', async () => {
    const whole = await readGgufSummary(model);
    const s = await readRemoteSummary('acme/split-GGUF:F16', { dataDir: join(dir, 'data-split'), env: env() });
    expect(s.parts).toEqual([1, 2].map((n) => `${server.origin}/acme/split-GGUF/resolve/main/model-F16-0000${n}-of-00002.gguf`));
    expect(s.sizeBytes).toBe(statSync(parts[0]!).size + statSync(parts[1]!).size);
    expect(s.tensorCount).toBe(whole.tensorCount);
    expect(s.tensorBytes).toBe(whole.tensorBytes);
    expect(s.geometry).toEqual(whole.geometry);
    // One range per part, plus the Hub's file list.
    expect(s.remote!.transferredBytes).toBeLessThanOrEqual(2 * HEADER_CHUNK + 1024);
  });

  it('sends HF_TOKEN to the Hub only, and a gated file without it gives a clear error', async () => {
    const denied = await remoteError('hf:gated/m/m.gguf');
    expect(denied.code).toBe('remote_unauthorized');
    expect(denied.hint).toMatch(/HF_TOKEN/);
    const s = await readRemoteSummary('hf:gated/m/m.gguf', { dataDir: join(dir, 'data-token'), env: { ...env(), HF_TOKEN: 'hf_secret' } });
    expect(s.tensorCount).toBeGreaterThan(0);
    const wrong = await remoteError('hf:gated/m/m.gguf', { HF_TOKEN: 'hf_wrong' });
    expect(wrong.hint).toMatch(/HF_TOKEN was sent and refused/);
  });

  it('does not follow a redirect to another host with the token', async () => {
    const cdn = await startGgufServer({ '/blobs/m.gguf': { file: model } });
    const hub = await startGgufServer({ '/acme/m/resolve/main/m.gguf': { redirect: `${cdn.origin}/blobs/m.gguf` } });
    try {
      await readRemoteSummary('hf:acme/m/m.gguf', { dataDir: join(dir, 'data-cdn'), env: { ...env(), HF_ENDPOINT: hub.origin, HF_TOKEN: 'hf_secret' } });
      expect(hub.requests.map((r) => r.authorization)).toEqual(['Bearer hf_secret']);
      expect(cdn.requests.length).toBeGreaterThan(0);
      expect(cdn.requests.every((r) => r.authorization === null)).toBe(true);
    } finally {
      await cdn.close();
      await hub.close();
    }
  });

  it('gives one clear error for each bad reference, and caches nothing', async () => {
    const cases: [string, string, RegExp][] = [
      ['hf:', 'invalid_remote_ref', /not a model reference/],
      [`${server.origin}/missing/m.gguf`, 'remote_not_found', /not found \(HTTP 404\)/],
      ['acme/tiny-GGUF:Q5_K_M', 'remote_no_such_quant', /no Q5_K_M GGUF/],
      [`${server.origin}/norange/m.gguf`, 'remote_range_ignored', /ignored the byte range/],
      [`${server.origin}/notgguf/readme.gguf`, 'remote_not_gguf', /GGUF magic/],
      [`${server.origin}/trunc/m.gguf`, 'remote_truncated', /truncated/],
      [`${server.origin}/page/m.gguf`, 'remote_not_gguf', /web page/],
      [`${server.origin}/broken/m.gguf`, 'remote_http', /HTTP 500/],
      ['http://127.0.0.1:1/m.gguf', 'remote_unreachable', /refused/],
    ];
    for (const [ref, code, message] of cases) {
      const error = await remoteError(ref);
      expect(error.code, ref).toBe(code);
      expect(error.message, ref).toMatch(message);
      expect(error.hint.length, ref).toBeGreaterThan(20);
    }
    // The server that ignores Range: the connection is dropped, not the 68 MB file downloaded.
    expect(server.sentFor('/norange/')).toBeLessThan(16 * 2 ** 20);
  });

  it('times out a server that never answers', async () => {
    const error = await remoteError(`${server.origin}/slow/m.gguf`, { HEADROOM_REMOTE_TIMEOUT_MS: '500' });
    expect(error.code).toBe('remote_timeout');
  });

  it('honours a proxy from the environment', async () => {
    const proxy = await startHttpProxy();
    try {
      const s = await readRemoteSummary(`${server.origin}/cdn/tiny-F16.gguf`, { dataDir: join(dir, 'data-proxy'), env: { ...env(), HTTP_PROXY: proxy.origin } });
      expect(s.tensorCount).toBeGreaterThan(0);
      expect(proxy.seen).toContain(`${server.origin}/cdn/tiny-F16.gguf`);
    } finally {
      await proxy.close();
    }
  });

  it('a remote model whose architecture cannot be written as a twin is still inspected, and probing it says why not', async () => {
    const url = `${server.origin}/falcon/m.gguf`;
    const inspect = await runCli(['inspect', url, '--json'], { env: env() });
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(GgufSummarySchema.parse(JSON.parse(inspect.stdout)).architecture).toBe('falcon');
    const probe = await runCli(['probe', url, '--grid', '--ctx', '512', '--json'], { env: env() });
    expect(probe.code).not.toBe(0);
    expect(probe.stderr).toMatch(/Cannot write a synthetic twin of .*falcon\/m\.gguf/);
    expect(probe.stderr).toMatch(/hint: .*inspect, estimate and whatif still answer from the header/);
  });

  it('probe on a remote reference measures a synthetic twin of the same shape, without the tensor data', async () => {
    const sentBefore = server.sentFor('tiny-F16.gguf');
    const run = await runCli(['probe', 'hf:acme/tiny-GGUF/tiny-F16.gguf', '--grid', '--ctx', '512', '--fa', 'on', '--threads', '1', '--generate', '4', '--json'], { env: { ...env(), HEADROOM_DATA_DIR: join(dir, 'data-probe') } });
    expect(run.code, run.stderr).toBe(0);
    const probe = JSON.parse(run.stdout) as { model: { name: string; path: string }; steps: { outcome: string }[] };
    expect(probe.model.name).toMatch(/synthetic twin of hf:acme\/tiny-GGUF\/tiny-F16\.gguf \(same shape, random weights\)/);
    expect(probe.steps.map((s) => s.outcome)).toEqual(['ok']);
    const twin = await readGgufSummary(probe.model.path);
    expect(twin.geometry).toEqual((await readGgufSummary(model)).geometry);
    expect(server.sentFor('tiny-F16.gguf') - sentBefore).toBeLessThanOrEqual(HEADER_CHUNK);
  });
});
