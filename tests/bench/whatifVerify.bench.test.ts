import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { WhatIfResultSchema } from '../../src-shared/contract/whatif';
import { runCli } from '../support/runCli';

// Will it run? on a 7B-class model (the llama-3.1-8b preset, written at q4_0: 4.2 GiB) for 8, 12 and 24 GB
// cards, with the 8 GB card's "fits at N" measured on this machine: find-max under a cgroup budget of the
// card's usable memory. Prints the table and the measured boundary; needs ~9 GiB of free RAM and cgroup v1.

it('whatif 8/12/24 GB for a 7B-class model, the 8 GB boundary verified under a budget', async () => {
  const started = performance.now();
  const run = await runCli(['whatif', '--preset', 'llama-3.1-8b', '--weight-type', 'q4_0', '--device', 'RTX 4060 8GB', '--device', 'RTX 3060 12GB', '--device', 'RTX 3090 24GB',
    '--ctx', '16384', '--verify-on', 'RTX 4060 8GB', '--prompt-fill', '0.002', '--threads', '1', '--json'], { env: { HEADROOM_DATA_DIR: mkdtempSync(join(os.tmpdir(), 'headroom-bench-whatif-')) }, timeoutMs: 3_600_000 });
  expect(run.code, run.stderr).toBe(0);
  const r = WhatIfResultSchema.parse(JSON.parse(run.stdout));
  for (const d of r.devices) {
    const v = d.verified;
    console.log(`${d.name.padEnd(16)} usable ${(d.usableBytes / 2 ** 30).toFixed(2)} GiB  max ctx FA on ${d.maxContext.flashAttention.on} (band ${d.maxContext.band.low}–${d.maxContext.band.high}) / off ${d.maxContext.flashAttention.off}  q8_0 ${d.maxContext.kvCache.q8_0.on}  ~${d.generationTokensPerSecond.value} tok/s`
      + (v ? `  verified: ${v.maxContext} under ${(v.budgetBytes / 2 ** 20).toFixed(0)} MiB (${v.agrees ? 'inside' : 'outside'} the band; ${(((v.maxContext ?? 0) / (v.estimatedMaxContext ?? 1) - 1) * 100).toFixed(1)} %)` : ''));
  }
  console.log(`took ${((performance.now() - started) / 1000).toFixed(0)} s`);
});
