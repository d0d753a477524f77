import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import type { MemoryBudget, ProbeDetail, StepResult } from '../../src-shared/contract/probe';
import { sweepMaxContext, type SearchPoint } from '../../src-shared/domain/probe/findMaxSearch';
import { predictionReplay } from '../../src-shared/domain/probe/predictionReplay';
import { predictProbe } from '../../src-shared/domain/probe/predictProbe';
import { nodeContext } from '../../src-main/headless/nodeContext';
import { executeStep } from '../../src-main/probe/executeStep';
import { forkNodeWorker } from '../../src-main/probe/forkNodeWorker';
import { ProbeService } from '../../src-main/probe/ProbeService';

// Issue 12: find-max on a CPU, with Llama-3.1-8B attention geometry cut to 2 and 4 layers (the real model's KV and
// compute per layer), flash attention on and off, under a cgroup budget, one thread. Printed: loads, minutes, the
// maximum and what bounds it, speed at depth; next to the doubling sweep that evaluates every prompt (the old way),
// which is given the same wall-clock cap per setting and says how far it got. Also the time predicted before the
// start (rough prior, then the speed record the first case left) next to the actual. Timings are this machine's, shared.

const GiB = 2 ** 30;
const CASES: { layers: number; budget: MemoryBudget }[] = [
  { layers: 2, budget: { mechanism: 'cgroup', ramBytes: Math.round(1.2 * GiB), vramBytes: null } },
  { layers: 4, budget: { mechanism: 'cgroup', ramBytes: Math.round(1.6 * GiB), vramBytes: null } },
];
/** The sweep of one setting stops after this long (it would take hours at these depths). */
const SWEEP_CAP_MS = Number(process.env.HEADROOM_BENCH_SWEEP_CAP_S ?? 240) * 1000;

async function waitDone(service: ProbeService, id: string): Promise<ProbeDetail> {
  for (;;) {
    const detail = service.get(id);
    if (detail.summary.status !== 'running') return detail;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const min = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

it('find-max on 8B geometry (2 and 4 layers, FA on and off) vs a doubling sweep that evaluates every prompt', async () => {
  // Printed as they come (a run takes many minutes), and all together at the end.
  const lines: string[] = [];
  const print = (...more: string[]) => {
    lines.push(...more);
    for (const line of more) process.stderr.write(`[bench] ${line}\n`);
  };
  // One data folder for all cases: the first is predicted from the rough prior, the next from the speed record it left.
  const dataDir = mkdtempSync(join(os.tmpdir(), 'headroom-bench-cpu-'));
  for (const { layers, budget } of CASES) {
    const service = new ProbeService(nodeContext({ dataDir }));
    const started = performance.now();
    const summary = await service.start({ model: { preset: 'llama-3.1-8b', layers }, mode: 'findMax', flashAttention: [true, false], budget, threads: 1 });
    const detail = await waitDone(service, summary.id);
    const wall = performance.now() - started;
    print(`${layers} layers, cgroup ${(budget.ramBytes! / GiB).toFixed(1)} GiB: find-max ${detail.steps.length} loads, ${min(wall)} wall (${min(detail.summary.time!.elapsedMs)} in steps); load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const replay = predictionReplay(detail.header.plan, detail.steps);
    const afterFirst = predictProbe(detail.header.plan, detail.steps.slice(0, 1));
    print(
      `  predicted before start ≈ ${replay.atStartMs === null ? '—' : min(replay.atStartMs)} (${replay.atStartSource}); after the first step ≈ ${afterFirst ? min(detail.steps[0]!.durationMs + afterFirst.remainingMs) : '—'}; actual ${min(replay.actualMs)}`,
      `  per step, predicted / actual s (timeout): ${replay.steps.map((r) => `${r.contextSize}${r.fill[0]}${r.outcome === 'ok' ? '' : '✗'} ${r.predictedMs === null ? '—' : Math.round(r.predictedMs / 1000)}/${Math.round(r.actualMs / 1000)} (${Math.round(r.timeoutMs / 1000)})`).join(' | ')}`,
    );
    for (const fa of [true, false]) {
      const key = fa ? 'on' : 'off';
      const bound = detail.summary.maxContext.bounds?.[key];
      const mine = detail.steps.filter((s) => s.flashAttention === fa);
      print(
        `  FA ${key.padEnd(3)}: max ${detail.summary.maxContext.flashAttention[key]} (${bound?.by ?? '—'}${bound?.contextSize ? ` at ${bound.contextSize}` : ''}${bound?.atDepth ? ', checked at full depth' : ''}), ${mine.length} loads, ${min(mine.reduce((s, x) => s + x.durationMs, 0))}`,
        `    steps: ${mine.map((s) => `${s.contextSize}${s.fill === 'none' ? 'a' : s.fill === 'copy' ? 'd' : ''}${s.outcome === 'ok' ? '' : '✗'}`).join(' ')}`,
        `    speed at depth: ${detail.analysis.speedAtDepth.filter((p) => p.flashAttention === fa).map((p) => `${p.depth}: pp ${p.promptTokensPerSecond?.toFixed(1)} tg ${p.generationTokensPerSecond?.toFixed(2)}`).join(' | ')}`,
      );
    }
    const plan = detail.header.plan;
    for (const fa of [true, false]) {
      const sweepStarted = performance.now();
      const points: SearchPoint[] = [];
      const steps: StepResult[] = [];
      let capped = false;
      for (;;) {
        const state = sweepMaxContext({ minContext: 4096, maxContext: plan.maxContext, granularityTokens: plan.granularityTokens, granularityFraction: plan.granularityFraction, startHint: null, budgetBytes: null, bytesPerToken: null }, points);
        if (state.done) break;
        const left = SWEEP_CAP_MS - (performance.now() - sweepStarted);
        if (left <= 0) {
          capped = true;
          break;
        }
        const step = await executeStep({ launch: forkNodeWorker, modelPath: detail.summary.model.path, config: { ...plan.base, generateTokens: 8, contextSize: state.contextSize, flashAttention: fa }, budget, identity: { id: `sweep-${steps.length}`, probeId: 'sweep', index: steps.length }, timeoutMs: left });
        steps.push(step);
        points.push({ contextSize: state.contextSize, fits: step.outcome === 'ok', usedBytes: null });
        if (step.outcome === 'timeout') {
          capped = true;
          break;
        }
      }
      const fits = points.filter((p) => p.fits).map((p) => p.contextSize);
      print(`  doubling sweep (every prompt evaluated), FA ${fa ? 'on ' : 'off'}: ${steps.length} loads, ${min(performance.now() - sweepStarted)}${capped ? ` — stopped at the ${min(SWEEP_CAP_MS)} cap` : ''}; largest that ran ${fits.length ? Math.max(...fits) : '—'}; steps: ${steps.map((s) => `${s.contextSize}${s.outcome === 'ok' ? '' : `✗${s.outcome === 'timeout' ? '(time)' : ''}`}`).join(' ')}`);
    }
  }
  console.log(['', 'Find-max on 8B attention geometry, CPU, 1 thread (a = allocation step, d = batch at the far end, ✗ = failed)', ...lines].join('\n'));
});
