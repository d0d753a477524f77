import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelNames, channels } from '../../src-shared/contract/channels';
import { startServe, type Served } from '../support/startServe';
import { tinyGeometry } from '../support/tinyModel';
import { workersOf } from '../support/workersOf';

// Issue 13: what a single request could do to `headroom serve`, each against a real server process.

let served: Served;
const home = mkdtempSync(join(os.tmpdir(), 'headroom-web-home-'));
beforeAll(async () => {
  // A bare HOME: no model places to scan, so `models:list` measures the server and not this disk.
  served = await startServe({ HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
});
afterAll(() => served?.stop());

interface Envelope {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string; hint: string };
}

async function call(channel: string, body: unknown, init: RequestInit = {}): Promise<{ status: number; body: Envelope }> {
  const response = await fetch(`${served.origin}/api/${channel}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { Authorization: `Bearer ${served.token}` },
    signal: AbortSignal.timeout(30_000),
    ...init,
  });
  return { status: response.status, body: (await response.json()) as Envelope };
}

/** A refusal: a 4xx status and the envelope with a code, a message and a hint. */
function expectRefusal(reply: { status: number; body: Envelope }, code?: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBeGreaterThanOrEqual(400);
  expect(reply.status).toBeLessThan(500);
  expect(reply.body.ok).toBe(false);
  expect(reply.body.error?.hint.length).toBeGreaterThan(5);
  if (code) expect(reply.body.error?.code).toBe(code);
  return reply.body.error!;
}

/** A raw HTTP request (fetch normalises paths and refuses some headers). */
function raw(path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: served.port, path, method: options.method ?? 'GET', headers: { Host: `127.0.0.1:${served.port}`, ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const stillAnswers = async () => expect((await call('models:presets', {})).status).toBe(200);

describe('serve survives hostile probe paths (finding 1)', () => {
  it('refuses /dev/zero, a FIFO and a folder as a probe, and keeps answering', async () => {
    const fifo = join(served.dataDir, 'probes', 'trap.jsonl');
    mkdirSync(join(served.dataDir, 'probes'), { recursive: true });
    execFileSync('mkfifo', [fifo]);
    for (const probePath of [fifo, join(served.dataDir, 'probes')]) {
      expectRefusal(await call('report:build', { probePath, format: 'md' }));
      expectRefusal(await call('recipe:build', { from: 'probe', probePath }));
    }
    expectRefusal(await call('report:build', { probeId: 'trap', format: 'json' }));
    const zero = expectRefusal(await call('report:build', { probePath: '/dev/zero', format: 'md' }));
    expect(zero.message).toMatch(/data folder/);
    await stillAnswers();
  });
});

describe('hardware:probe under a burst (finding 2)', () => {
  it('starts one worker for 20 parallel calls, and kills it when every caller went away', async () => {
    const controllers = Array.from({ length: 20 }, () => new AbortController());
    const calls = controllers.map((c) => call('hardware:probe', {}, { signal: c.signal }).catch(() => null));
    let peak = 0;
    const started = Date.now();
    while (Date.now() - started < 1500) {
      peak = Math.max(peak, workersOf(served.child.pid!).length);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(peak).toBe(1);
    for (const c of controllers) c.abort();
    await Promise.all(calls);
    const deadline = Date.now() + 5000;
    while (workersOf(served.child.pid!).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(workersOf(served.child.pid!)).toEqual([]);
    await stillAnswers();
  });

  it('answers later calls from one probe per run of the server', async () => {
    const first = await call('hardware:probe', {});
    expect(first.status).toBe(200);
    const again = await Promise.all(Array.from({ length: 10 }, () => call('hardware:probe', {})));
    expect(again.every((r) => r.status === 200)).toBe(true);
    expect(workersOf(served.child.pid!)).toEqual([]);
    const probedAt = new Set(again.map((r) => (r.body.value as { probedAt: string }).probedAt));
    expect(probedAt.size).toBe(1);
  });
});

describe('models:synth writes only inside the data folder (finding 3)', () => {
  const geometry = tinyGeometry();
  const outside = join(mkdtempSync(join(os.tmpdir(), 'headroom-web-outside-')), 'victim.gguf');

  it('refuses a path outside the data folder, and does not overwrite unless asked', async () => {
    writeFileSync(outside, 'precious');
    expectRefusal(await call('models:synth', { geometry, outPath: outside, overwrite: true }), 'path_outside_data');
    expectRefusal(await call('models:synth', { geometry, outPath: '../../../escape.gguf' }), 'path_outside_data');
    expect(readFileSync(outside, 'utf8')).toBe('precious');
    expect(existsSync(join(served.dataDir, '..', 'escape.gguf'))).toBe(false);

    const first = await call('models:synth', { geometry, outPath: 'mine.gguf' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const path = (first.body.value as { path: string }).path;
    expect(path).toBe(join(served.dataDir, 'models', 'synthetic', 'mine.gguf'));
    expectRefusal(await call('models:synth', { geometry, outPath: 'mine.gguf' }), 'file_exists');
    expect((await call('models:synth', { geometry, outPath: 'mine.gguf', overwrite: true })).status).toBe(200);
  });

  it('fails fast on a folder it cannot create, and keeps answering', async () => {
    const started = Date.now();
    expectRefusal(await call('models:synth', { geometry, outPath: '/proc/nope/x.gguf' }), 'path_outside_data');
    // Inside the data folder, a file where a folder should be: refused at once, not retried.
    expectRefusal(await call('models:synth', { geometry, outPath: 'mine.gguf/x.gguf' }), 'folder_unwritable');
    expect(Date.now() - started).toBeLessThan(5000);
    await stillAnswers();
  });
});

describe('bounded geometry (finding 6)', () => {
  it.each([1e7, 1e12])('refuses block_count %d with a 4xx, not a 500', async (blocks) => {
    const metadata = { 'general.architecture': 'llama', 'llama.block_count': blocks, 'llama.embedding_length': 4096, 'llama.attention.head_count': 32 };
    expectRefusal(await call('models:estimate', { model: { metadata }, contextSize: 4096 }));
  });

  it('refuses a bogus weight type, a 100000-layer preset and a 100000-layer synth at the contract', async () => {
    expectRefusal(await call('models:estimate', { model: { preset: 'llama-3.1-8b' }, contextSize: 4096, weightType: 'bogus' }), 'invalid_input');
    expectRefusal(await call('models:estimate', { model: { preset: 'llama-3.1-8b', layers: 100000 }, contextSize: 4096 }), 'invalid_input');
    expectRefusal(await call('models:synth', { geometry: { ...tinyGeometry(), layers: 100000 } }), 'invalid_input');
  });
});

describe('every refusal is an envelope (finding 7)', () => {
  it('answers bad percent-encoding with 400 and the envelope', async () => {
    for (const path of [`/%E0%A4%A?token=${served.token}`, `/api/%E0?token=${served.token}`]) {
      const reply = await raw(path, { method: path.startsWith('/api') ? 'POST' : 'GET' });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid_path' } });
    }
  });

  it('answers 401, 403 and 405 with the envelope', async () => {
    const unauthorized = await raw('/api/models:presets', { method: 'POST' });
    const forbidden = await raw(`/?token=${served.token}`, { headers: { Origin: 'http://evil.example' } });
    const method = await raw(`/?token=${served.token}`, { method: 'DELETE' });
    const getChannel = await raw(`/api/models:presets?token=${served.token}`);
    for (const [reply, status] of [[unauthorized, 401], [forbidden, 403], [method, 405], [getChannel, 405]] as const) {
      expect(reply.status).toBe(status);
      expect(reply.type).toMatch(/application\/json/);
      const body = JSON.parse(reply.body) as Envelope;
      expect(body.ok).toBe(false);
      expect(body.error?.hint.length).toBeGreaterThan(5);
    }
  });
});

describe('no leaks through errors (finding 14)', () => {
  it('does not echo a non-JSON `like` file', async () => {
    const file = join(mkdtempSync(join(os.tmpdir(), 'headroom-web-like-')), 'secret.json');
    writeFileSync(file, 'SECRET-TOKEN-1234 not json');
    const error = expectRefusal(await call('models:synth', { like: file }));
    expect(`${error.message} ${error.hint}`).not.toMatch(/SECRET/);
  });

  it('answers inspect and report:build the same whether a path is missing, a folder or a file', async () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'headroom-web-probe-'));
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'hello');
    const missing = join(dir, 'missing.txt');
    const inspected = await Promise.all([missing, dir, file].map(async (path) => expectRefusal(await call('models:inspect', { path })).message.replace(path, 'P')));
    expect(new Set(inspected).size).toBe(1);
    const reported = await Promise.all([missing, dir, file].map(async (probePath) => expectRefusal(await call('report:build', { probePath, format: 'md' })).message.replace(probePath, 'P')));
    expect(new Set(reported).size).toBe(1);
  });
});

describe('fuzzing every channel (bounded)', () => {
  // Inputs that would start long work on purpose (a full model scan, a real probe) are not generated:
  // models:list gets only non-empty objects, which its strict schema refuses.
  const keysOf = (channel: string): string[] => {
    try {
      const schema = z.toJSONSchema(channels[channel as keyof typeof channels].input, { unrepresentable: 'any', io: 'input' }) as { properties?: Record<string, unknown>; anyOf?: { properties?: Record<string, unknown> }[] };
      const all = [schema, ...(schema.anyOf ?? [])].flatMap((s) => Object.keys(s.properties ?? {}));
      return [...new Set(all)];
    } catch {
      return [];
    }
  };

  it('answers every generated input with 2xx or a 4xx envelope, never a 500 or a hang', async () => {
    const seen: Record<number, number> = {};
    for (const channel of channelNames) {
      const keys = keysOf(channel);
      const keyed = keys.length ? fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 }), { minKeys: 1, maxKeys: keys.length }) : fc.constant({ unexpected: 1 });
      const input = channel === 'models:list' ? fc.dictionary(fc.string({ minLength: 1 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 3 }) : fc.oneof(keyed, fc.jsonValue({ maxDepth: 3 }));
      await fc.assert(
        fc.asyncProperty(input, async (body) => {
          const reply = await call(channel, body);
          seen[reply.status] = (seen[reply.status] ?? 0) + 1;
          expect(reply.status, `${channel} ${JSON.stringify(body)} → ${JSON.stringify(reply.body)}`).toBeLessThan(500);
          if (reply.status >= 400) expect(reply.body.error?.code, channel).toEqual(expect.any(String));
          else expect(reply.body.ok).toBe(true);
        }),
        { numRuns: 20, seed: 13, interruptAfterTimeLimit: 20_000 },
      );
    }
    expect(Object.keys(seen).some((s) => Number(s) >= 400)).toBe(true);
    await stillAnswers();
  }, 600_000);
});
