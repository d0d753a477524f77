import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import type { MemoryBudget, StepResult } from '../../src-shared/contract/probe';
import { budgetUsage } from '../../src-shared/domain/probe/budgetUsage';
import { START_FRACTION } from '../../src-shared/domain/probe/resolvePlan';
import { searchMaxContext, sweepMaxContext, type SearchPoint, type SearchSpec } from '../../src-shared/domain/probe/findMaxSearch';
import { nodeContext } from '../../src-main/headless/nodeContext';
import { executeStep } from '../../src-main/probe/executeStep';
import { forkNodeWorker } from '../../src-main/probe/forkNodeWorker';
import { ProbeService } from '../../src-main/probe/ProbeService';
import { budgetModel } from '../integration/probeFixtures';
import { tinyModel } from '../support/tinyModel';

/**
 * A model with a real model's KV cost per token (16 layers × 512 dims: 32 KiB/token, like a 1B model), so that
 * the few MB by which a process's measured memory varies between runs are tens of tokens, not hundreds.
 */
const wideKvModel = () => tinyModel({ layers: 16, embeddingLength: 512, heads: 8, kvHeads: 8, feedForwardLength: 1024, contextLength: 32768, weightType: 'q8_0' });

// Bar: find-max under a memory budget verifies the boundary with ≤ 0.35× the model loads of a plain
// doubling-plus-linear sweep to the same granularity. Both run the same configuration under the same
// budget, with real workers; the sweep doubles from 256 until a size fails, then walks up from the last
// size that ran by the granularity.

// The address-space limit fails at context creation, before the prompt, so that row uses a shorter prompt.
const CASES: { model: () => Promise<string>; label: string; budget: MemoryBudget; flashAttention: boolean; promptFill: number }[] = [
  { model: budgetModel, label: '8×256 (8 KiB/token)', budget: { mechanism: 'cgroup', ramBytes: 100e6, vramBytes: null }, flashAttention: true, promptFill: 0.9 },
  { model: wideKvModel, label: '16×512 (32 KiB/token)', budget: { mechanism: 'cgroup', ramBytes: 250e6, vramBytes: null }, flashAttention: true, promptFill: 0.9 },
  { model: budgetModel, label: '8×256 (8 KiB/token)', budget: { mechanism: 'addressSpace', ramBytes: 1.3e9, vramBytes: null }, flashAttention: false, promptFill: 0.25 },
];

it('find-max vs a doubling-plus-linear sweep: loads and time to a verified maximum', async () => {
  const lines: string[] = [];
  for (const { model: makeModel, label, budget, flashAttention, promptFill } of CASES) {
    const model = await makeModel();
    const started = performance.now();
    const service = new ProbeService(nodeContext({ dataDir: mkdtempSync(join(os.tmpdir(), 'headroom-bench-fm-')) }));
    const summary = await service.start({ model: { path: model }, mode: 'findMax', flashAttention: [flashAttention], budget, threads: 1, generateTokens: 8, promptFill });
    let detail = service.get(summary.id);
    while (detail.summary.status === 'running') {
      await new Promise((r) => setTimeout(r, 500));
      detail = service.get(summary.id);
    }
    const findMaxMs = performance.now() - started;
    const plan = detail.header.plan;

    const sweepStarted = performance.now();
    const points: SearchPoint[] = [];
    const sweepSteps: StepResult[] = [];
    for (;;) {
      const state = sweepMaxContext({ minContext: plan.minContext, maxContext: plan.maxContext, granularityTokens: plan.granularityTokens, granularityFraction: plan.granularityFraction, startHint: null, budgetBytes: null, bytesPerToken: null }, points);
      if (state.done) break;
      const step = await executeStep({ launch: forkNodeWorker, modelPath: model, config: { ...plan.base, contextSize: state.contextSize, flashAttention }, budget, identity: { id: `sweep-${points.length}`, probeId: 'sweep', index: points.length }, timeoutMs: plan.stepTimeoutMs });
      sweepSteps.push(step);
      points.push({ contextSize: state.contextSize, fits: step.outcome === 'ok', usedBytes: budgetUsage(budget, step).usedBytes });
    }
    const sweepMs = performance.now() - sweepStarted;
    const sweepMax = Math.max(...points.filter((p) => p.fits).map((p) => p.contextSize));
    const found = detail.summary.maxContext.flashAttention[flashAttention ? 'on' : 'off'];
    lines.push(
      `${label.padEnd(22)} ${budget.mechanism.padEnd(12)} ${String((budget.ramBytes! / 1e6).toFixed(0)).padStart(5)} MB, FA ${flashAttention ? 'on ' : 'off'}, prompt ${promptFill * 100} % | find-max ${String(detail.steps.length).padStart(3)} loads ${(findMaxMs / 1000).toFixed(0).padStart(4)} s → max ${found} (verified ${detail.summary.maxContext.verified}) ` +
        `| sweep ${String(sweepSteps.length).padStart(3)} loads ${(sweepMs / 1000).toFixed(0).padStart(4)} s → max ${sweepMax} | loads ratio ${(detail.steps.length / sweepSteps.length).toFixed(2)}, time ratio ${(findMaxMs / sweepMs).toFixed(2)}`,
      `    find-max sizes: ${detail.steps.map((s) => `${s.contextSize}${s.outcome === 'ok' ? '' : '✗'}`).join(' ')}`,
      `    sweep sizes:    ${sweepSteps.map((s) => `${s.contextSize}${s.outcome === 'ok' ? '' : '✗'}`).join(' ')}`,
    );
  }
  console.log(['', 'Find-max vs doubling + linear sweep (granularity 256 tokens or 2 %; bar: loads ≤ 0.35×)', ...lines].join('\n'));
});

/**
 * The same comparison over many boundaries, on a pretend machine (memory linear in context, ±0.5 % noise per
 * run, a memory model off by up to ±30 %): the sweep's cost depends on where the boundary falls between powers
 * of two, so one real run says little about the ratio on average.
 */
it('find-max vs the sweep over 500 simulated boundaries', () => {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const rows: { boundary: number; found: number; swept: number }[] = [];
  for (let i = 0; i < 500; i++) {
    const boundary = 1000 + Math.floor(random() * 60000);
    const base = 50e6 + random() * 2e9;
    const perToken = 8e3 + random() * 200e3;
    const budget = base + perToken * boundary;
    const modelError = 0.7 + random() * 0.6;
    const estimatedMax = (budget - base) / (perToken * modelError);
    const machine = (points: SearchPoint[], contextSize: number) => {
      const used = (base + perToken * contextSize) * (1 + (random() - 0.5) * 0.01);
      points.push({ contextSize, fits: used <= budget, usedBytes: used <= budget ? used : null });
    };
    const spec: SearchSpec = { minContext: 256, maxContext: 131072, granularityTokens: 256, granularityFraction: 0.02, startHint: Math.max(256, Math.floor(estimatedMax * START_FRACTION)), budgetBytes: budget, bytesPerToken: perToken * modelError };
    const run = (search: typeof searchMaxContext, s: SearchSpec) => {
      const points: SearchPoint[] = [];
      for (let n = 0; n < 200; n++) {
        const state = search(s, points);
        if (state.done) return points.length;
        machine(points, state.contextSize);
      }
      return Infinity;
    };
    rows.push({ boundary, found: run(searchMaxContext, spec), swept: run(sweepMaxContext, { ...spec, startHint: null, budgetBytes: null, bytesPerToken: null }) });
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const ratios = rows.map((r) => r.found / r.swept).sort((a, b) => a - b);
  console.log([
    '',
    'Simulated (500 boundaries from 1k to 61k tokens, memory model off by up to ±30 %, ±0.5 % noise):',
    `find-max mean ${(sum(rows.map((r) => r.found)) / rows.length).toFixed(1)} loads (max ${Math.max(...rows.map((r) => r.found))}); sweep mean ${(sum(rows.map((r) => r.swept)) / rows.length).toFixed(1)} loads`,
    `total loads ratio ${(sum(rows.map((r) => r.found)) / sum(rows.map((r) => r.swept))).toFixed(2)}; per boundary: median ${ratios[250]!.toFixed(2)}, 90th percentile ${ratios[450]!.toFixed(2)}`,
  ].join('\n'));
});
