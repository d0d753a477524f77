import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import type { MemoryBudget, StepResult } from '../../src-shared/contract/probe';
import { budgetUsage } from '../../src-shared/domain/probe/budgetUsage';
import { sweepMaxContext, type SearchPoint } from '../../src-shared/domain/probe/findMaxSearch';
import { nodeContext } from '../../src-main/headless/nodeContext';
import { executeStep } from '../../src-main/probe/executeStep';
import { forkNodeWorker } from '../../src-main/probe/forkNodeWorker';
import { ProbeService } from '../../src-main/probe/ProbeService';
import { budgetModel } from '../integration/probeFixtures';

// Bar: find-max under a memory budget verifies the boundary with ≤ 0.35× the model loads of a plain
// doubling-plus-linear sweep to the same granularity. Both run the same configuration under the same
// budget, with real workers; the sweep doubles from 256 until a size fails, then walks up from the last
// size that ran by the granularity.

const BUDGETS: MemoryBudget[] = [
  { mechanism: 'cgroup', ramBytes: 100e6, vramBytes: null },
  { mechanism: 'addressSpace', ramBytes: 1.45e9, vramBytes: null },
];

it('find-max vs a doubling-plus-linear sweep: loads and time to a verified maximum', async () => {
  const model = await budgetModel();
  const lines: string[] = [];
  for (const budget of BUDGETS) {
    const started = performance.now();
    const service = new ProbeService(nodeContext({ dataDir: mkdtempSync(join(os.tmpdir(), 'headroom-bench-fm-')) }));
    const summary = await service.start({ model: { path: model }, mode: 'findMax', flashAttention: [true], budget, threads: 1, generateTokens: 8, promptFill: 0.9 });
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
      const step = await executeStep({ launch: forkNodeWorker, modelPath: model, config: { ...plan.base, contextSize: state.contextSize, flashAttention: true }, budget, identity: { id: `sweep-${points.length}`, probeId: 'sweep', index: points.length }, timeoutMs: plan.stepTimeoutMs });
      sweepSteps.push(step);
      points.push({ contextSize: state.contextSize, fits: step.outcome === 'ok', usedBytes: budgetUsage(budget, step).usedBytes });
    }
    const sweepMs = performance.now() - sweepStarted;
    const sweepMax = Math.max(...points.filter((p) => p.fits).map((p) => p.contextSize));
    const found = detail.summary.maxContext.flashAttention.on;
    lines.push(
      `${budget.mechanism.padEnd(12)} ${String((budget.ramBytes! / 1e6).toFixed(0)).padStart(5)} MB | find-max ${String(detail.steps.length).padStart(3)} loads ${(findMaxMs / 1000).toFixed(0).padStart(4)} s → max ${found} (verified ${detail.summary.maxContext.verified}) ` +
        `| sweep ${String(sweepSteps.length).padStart(3)} loads ${(sweepMs / 1000).toFixed(0).padStart(4)} s → max ${sweepMax} | loads ratio ${(detail.steps.length / sweepSteps.length).toFixed(2)}, time ratio ${(findMaxMs / sweepMs).toFixed(2)}`,
      `    find-max sizes: ${detail.steps.map((s) => `${s.contextSize}${s.outcome === 'ok' ? '' : '✗'}`).join(' ')}`,
      `    sweep sizes:    ${sweepSteps.map((s) => `${s.contextSize}${s.outcome === 'ok' ? '' : '✗'}`).join(' ')}`,
    );
  }
  console.log(['', 'Find-max vs doubling + linear sweep (FA on, 90 % prompt, granularity 256 tokens or 2 %; bar: loads ≤ 0.35×)', ...lines].join('\n'));
});
