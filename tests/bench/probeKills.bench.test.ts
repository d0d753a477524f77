import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { ProbeRecordSchema, type ProbeSummary } from '../../src-shared/contract/probe';
import { startServe } from '../support/startServe';
import { budgetModel } from '../integration/probeFixtures';

// Bar: 50 worker kills injected from outside (SIGKILL, SIGSEGV, SIGABRT in turn, at random moments of
// load / context / prompt) while `headroom serve` runs a probe: 50 results recorded, no finished step
// lost, and the server answers throughout.

const KILLS = 50;
const SIGNALS = ['SIGKILL', 'SIGSEGV', 'SIGABRT'] as const;

it('50 injected worker kills under headroom serve', async () => {
  const served = await startServe();
  const api = (channel: string, body: unknown) => fetch(`${served.origin}/api/${channel}`, { method: 'POST', headers: { Authorization: `Bearer ${served.token}` }, body: JSON.stringify(body) });
  const events: string[] = [];
  const sse = await fetch(`${served.origin}/api/events`, { headers: { Authorization: `Bearer ${served.token}` } });
  void (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of sse.body as unknown as AsyncIterable<Uint8Array>) for (const m of decoder.decode(chunk).matchAll(/event: (probe:onStep)\n/g)) events.push(m[1]!);
  })().catch(() => undefined);

  // More steps than kills: a step that ends before its kill is not one; the probe is cancelled after the last kill.
  const contexts = Array.from({ length: 64 }, (_, i) => 4096 + 256 * i);
  const start = (await (await api('probe:start', { model: { path: await budgetModel() }, mode: 'grid', contexts, flashAttention: [false], threads: 1, generateTokens: 8 })).json()) as { value: ProbeSummary };
  if (!start.value) throw new Error(`probe:start failed: ${JSON.stringify(start)}`);
  const id = start.value.id;
  const killed = new Set<number>();
  const answered: number[] = [];
  const started = performance.now();
  let kills = 0;
  while (kills < KILLS) {
    const workers = children(served.child.pid!).filter((pid) => !killed.has(pid));
    for (const pid of workers) {
      killed.add(pid);
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
      try {
        process.kill(pid, SIGNALS[kills % SIGNALS.length]);
        kills++;
      } catch {
        // It ended on its own first (a step can finish); that one is not a kill.
      }
    }
    const t0 = performance.now();
    const list = await api('probe:list', {});
    if (list.status === 200) answered.push(performance.now() - t0);
    const listed = ((await list.json()) as { value: { probes: ProbeSummary[] } }).value.probes.find((p) => p.id === id);
    if (listed?.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await api('probe:cancel', { id });
  let summary: ProbeSummary;
  for (;;) {
    summary = ((await (await api('probe:get', { id })).json()) as { value: { summary: ProbeSummary } }).value.summary;
    if (summary.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 300));
  }
  const records = readFileSync(summary.file, 'utf8').trim().split('\n').map((l) => ProbeRecordSchema.parse(JSON.parse(l)));
  const steps = records.flatMap((r) => (r.type === 'step' ? [r] : []));
  const crashed = steps.filter((s) => s.outcome === 'crashed' || s.outcome === 'oom');
  const cancelled = steps.filter((s) => s.outcome === 'cancelled').length;
  const bySignal = Object.fromEntries(SIGNALS.map((s) => [s, crashed.filter((x) => x.failure?.signal === s).length]));
  const hw = await api('hardware:probe', {});
  console.log([
    '',
    `Injected worker kills under headroom serve (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    `kills sent ${kills}; step results in the file ${steps.length} (crashed ${crashed.length}, ok ${steps.filter((s) => s.outcome === 'ok').length}, cancelled at the end ${cancelled}); by signal ${JSON.stringify(bySignal)}`,
    `probe:onStep events received ${events.length}; steps lost ${Math.max(0, events.length - steps.length)} (events without a saved line)`,
    `server answered probe:list ${answered.length} times during the kills (max ${Math.max(...answered).toFixed(0)} ms); hardware:probe after: HTTP ${hw.status}; probe status ${summary.status}`,
  ].join('\n'));
  await served.stop();
}, 1_800_000);

/** Child processes of a pid (the workers of the server). */
function children(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)]).toString().trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
