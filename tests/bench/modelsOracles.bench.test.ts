import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { getLlama, readGgufFileInfo } from 'node-llama-cpp';
import { GgufInsights } from 'node-llama-cpp';
import { estimateMemory } from '../../src-shared/domain/memory/estimateMemory';
import { modelPresets, scaleDepth } from '../../src-shared/domain/models/modelPresets';
import { readGgufSummary } from '../../src-main/models/gguf/readGgufSummary';
import { writeSyntheticGguf } from '../../src-main/models/synth/writeSyntheticGguf';

// The memory model against two oracles of the same llama.cpp release, on synthetic models of every preset:
// llama-fit-params -fitp on (context = KV + output, compute; needs HEADROOM_LLAMA_CPP_BIN) and node-llama-cpp's
// GgufInsights.estimateContextResourceRequirementsV2 (a no-alloc simulation in the native binding).

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(os.tmpdir(), 'headroom-oracles-'));
const bin = process.env.HEADROOM_LLAMA_CPP_BIN;
const pct = (est: number, ref: number) => `${(((est - ref) / ref) * 100).toFixed(1).padStart(6)} %`;

it('estimates vs llama-fit-params and GgufInsights (2-layer synthetic models of each preset)', async () => {
  const llama = await getLlama({ gpu: false });
  const rows: string[] = [];
  const kvErrors: number[] = [];
  const computeErrors: number[] = [];
  for (const preset of modelPresets) {
    const path = join(dir, `${preset.name}.gguf`);
    await writeSyntheticGguf({ geometry: scaleDepth(preset.geometry, 2), outPath: path, weightType: 'q4_0', preset: preset.name });
    const summary = await readGgufSummary(path);
    const insights = await GgufInsights.from(await readGgufFileInfo(path), llama);
    for (const fa of [true, false]) {
      for (const ctx of [4096, 32768]) {
        const e = estimateMemory({ geometry: summary.geometry, tensors: summary.tensors, contextSize: ctx, flashAttention: fa, ubatchSize: 512, batchSize: 2048 });
        let fit = '   (no llama-fit-params: set HEADROOM_LLAMA_CPP_BIN)';
        if (bin && existsSync(join(bin, 'llama-fit-params'))) {
          const out = execFileSync(join(bin, 'llama-fit-params'), ['-m', path, '-c', String(ctx), '-fa', fa ? 'on' : 'off', '-fitp', 'on', '-t', '1'], { env: { ...process.env, LD_LIBRARY_PATH: bin }, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split('\n').at(-1)!;
          const [, , context, compute] = out.split(/\s+/).map(Number);
          // fit-params's context column is the KV cache alone (whole MiB).
          const estContext = e.kvCache.totalBytes / MiB;
          kvErrors.push(Math.abs(estContext - context!) / context!);
          computeErrors.push(Math.abs(e.computeBytes / MiB - compute!) / compute!);
          fit = `fit-params context ${String(context).padStart(5)} MiB est ${estContext.toFixed(1).padStart(7)} (${pct(estContext, context!)}) | compute ${String(compute).padStart(5)} est ${(e.computeBytes / MiB).toFixed(0).padStart(5)} (${pct(e.computeBytes / MiB, compute!)})`;
        }
        const v2 = await insights.estimateContextResourceRequirementsV2({ contextSize: ctx, modelGpuLayers: 0, batchSize: 512, sequences: 1, flashAttention: fa });
        const ours = (e.kvCache.totalBytes + e.computeBytes + e.outputBytes) / MiB;
        rows.push(`${preset.name.padEnd(17)} fa ${fa ? 'on ' : 'off'} ctx ${String(ctx).padStart(6)} | ${fit} | GgufInsights V2 RAM ${(v2.cpuRam / MiB).toFixed(0).padStart(5)} MiB, ours ${ours.toFixed(0).padStart(5)} (${pct(ours, v2.cpuRam / MiB)})`);
      }
    }
  }
  console.log(rows.join('\n'));
  if (kvErrors.length) console.log(`llama-fit-params: context (KV) max error ${(Math.max(...kvErrors) * 100).toFixed(2)} %; compute max error ${(Math.max(...computeErrors) * 100).toFixed(1)} %, median ${(computeErrors.sort((a, b) => a - b)[Math.floor(computeErrors.length / 2)]! * 100).toFixed(1)} %`);
  await llama.dispose();
}, 1_800_000);
