import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServe, type Served } from '../support/startServe';
import { workersOf } from '../support/workersOf';

// Issue 13, finding 2: 200 parallel hardware:probe calls used to start up to 55 workers and leave
// `serve` unable to answer models:list for minutes. This prints the workers alive at the peak and
// after, and the latency of models:list calls made during the storm.

const CALLS = 200;
let served: Served;
beforeAll(async () => {
  const home = mkdtempSync(join(os.tmpdir(), 'headroom-bench-storm-'));
  served = await startServe({ HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
});
afterAll(() => served?.stop());

const post = (channel: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${served.origin}/api/${channel}`, { method: 'POST', body: JSON.stringify(body), headers: { Authorization: `Bearer ${served.token}` }, signal });

/** Total time of one call as curl measures it (its own process, a fresh connection). */
function curlMsOf(channel: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code} %{time_total}', '-X', 'POST', '-H', `Authorization: Bearer ${served.token}`, '-d', '{}', `${served.origin}/api/${channel}`], (error, stdout) => {
      if (error) return reject(error);
      const [code, seconds] = stdout.split(' ');
      expect(code).toBe('200');
      resolve(Number(seconds) * 1000);
    });
  });
}

async function storm(name: string, body: unknown, abandonAfterMs: number | null) {
  const controllers = Array.from({ length: CALLS }, () => new AbortController());
  const started = performance.now();
  const calls = controllers.map((c) => post('hardware:probe', body, c.signal).then((r) => r.status, () => 'aborted' as const));
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, workersOf(served.child.pid!).length);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const listMs: number[] = [];
  const curlMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 200));
    // The same call at the same moment from another process: this one also carries the storm's 200 sockets.
    const t0 = performance.now();
    const [list, curl] = await Promise.all([post('models:list', {}).then((r) => ((listMs.push(performance.now() - t0), r))), curlMsOf('models:list')]);
    expect(list.status).toBe(200);
    curlMs.push(curl);
  }
  if (abandonAfterMs !== null) {
    await new Promise((r) => setTimeout(r, Math.max(0, abandonAfterMs - (performance.now() - started))));
    for (const c of controllers) c.abort();
  }
  const statuses = await Promise.all(calls);
  const stormMs = performance.now() - started;
  await new Promise((r) => setTimeout(r, 1000));
  sampling = false;
  await sampler;
  const after = workersOf(served.child.pid!).length;
  const counts = statuses.reduce<Record<string, number>>((acc, s) => ({ ...acc, [String(s)]: (acc[String(s)] ?? 0) + 1 }), {});
  console.log(
    `\n${name}: ${CALLS} parallel hardware:probe calls in ${stormMs.toFixed(0)} ms; replies ${JSON.stringify(counts)}\n` +
      `  probe workers alive: peak ${peak}, 1 s after the storm ${after}\n` +
      `  models:list during the storm (ms), from this process: ${listMs.map((m) => m.toFixed(0)).join(', ')} (max ${Math.max(...listMs).toFixed(0)})\n` +
      `  models:list during the storm (ms), from curl: ${curlMs.map((m) => m.toFixed(0)).join(', ')} (max ${Math.max(...curlMs).toFixed(0)})`,
  );
  return { peak, after };
}

it('hardware:probe storm against serve', async () => {
  const cold = await storm('Cold server (first probe of this run)', {}, null);
  const fresh = await storm('Warm server, every call asks fresh: true', { fresh: true }, null);
  const abandoned = await storm('Every caller hangs up after 1.5 s (fresh: true)', { fresh: true }, 1500);
  expect([cold.peak, fresh.peak, abandoned.peak].every((p) => p <= 1)).toBe(true);
  expect(abandoned.after).toBe(0);
});
