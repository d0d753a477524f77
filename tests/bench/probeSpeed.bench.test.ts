import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import type { StepResult } from '../../src-shared/contract/probe';
import { executeStep } from '../../src-main/probe/executeStep';
import { forkNodeWorker } from '../../src-main/probe/forkNodeWorker';
import { benchModel } from './probeBenchModel';

const BARE = join(__dirname, 'probeBareNodeLlamaCpp.mjs');

// Bar: the probe's prompt (pp) and generation (tg) speeds within 0.9–1.1× of llama.cpp's own llama-bench,
// on the same GGUF, contexts, threads and batch, in the same run. The probe evaluates 90 % of the context
// as one prompt (pp = prompt tokens / prompt time), then generates at that depth; llama-bench is asked the
// same: `-p P -n 0` for pp and `-p 0 -n N -d P` for tg at depth P. node-llama-cpp runs ubatch = batch, so
// llama-bench gets `-b 512 -ub 512`. Runs alternate (probe, llama-bench pp, llama-bench tg) and each side
// keeps its best run, so that load from other processes on a shared machine hurts both sides alike.

const CONTEXTS = [512, 2048, 4096];
const GENERATE = 64;
const THREADS = 1;
const REPEATS = 3;
const bin = process.env.HEADROOM_LLAMA_CPP_BIN;

interface BenchRow { avg_ts: number; samples_ts: number[]; build_commit: string; build_number: number; n_prompt: number; n_gen: number; n_depth: number; cpu_info: string }

function llamaBench(model: string, args: string[]): BenchRow {
  const out = execFileSync(join(bin!, 'llama-bench'), ['-m', model, '-t', String(THREADS), '-b', '512', '-ub', '512', '-ngl', '0', '-r', '1', '-o', 'json', ...args], {
    env: { ...process.env, LD_LIBRARY_PATH: bin },
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return (JSON.parse(out.toString()) as BenchRow[])[0]!;
}

const best = (xs: number[]) => Math.max(...xs);
const f = (v: number | null, w = 8) => (v === null ? '—' : v.toFixed(1)).padStart(w);

it('probe tok/s against llama-bench on the same synthetic GGUF and contexts', async () => {
  const model = await benchModel();
  const haveBench = Boolean(bin && existsSync(join(bin, 'llama-bench')));
  const rows: string[] = [];
  const ratios: number[] = [];
  const timerRatios: number[] = [];
  let runtime = '';
  let build = 'llama-bench absent: set HEADROOM_LLAMA_CPP_BIN to the folder of a llama.cpp build (skipped its side)';
  for (const contextSize of CONTEXTS) {
    for (const fa of [true, false]) {
      const steps: StepResult[] = [];
      const bare: { pp: number; tg: number }[] = [];
      const ppRefs: number[] = [];
      const tgRefs: number[] = [];
      let bareFailure = '';
      for (let r = 0; r < REPEATS; r++) {
        const step = await executeStep({
          launch: forkNodeWorker,
          modelPath: model,
          config: { contextSize, flashAttention: fa, typeK: 'f16', typeV: 'f16', gpuLayers: 'auto', batchSize: 512, ubatchSize: 512, threads: THREADS, generateTokens: GENERATE, promptFill: 0.9, backend: 'cpu', memoryCheck: 'estimate' },
          budget: null,
          identity: { id: `bench-${contextSize}-${fa}-${r}`, probeId: 'bench', index: r },
          timeoutMs: 900_000,
        });
        steps.push(step);
        if (step.outcome !== 'ok') continue;
        try {
          bare.push(JSON.parse(execFileSync(process.execPath, [BARE, model, String(contextSize), fa ? 'on' : 'off', String(step.promptTokens), String(GENERATE), String(THREADS)], { stdio: ['ignore', 'pipe', 'pipe'] }).toString()) as { pp: number; tg: number });
        } catch (error) {
          // A crash of the bare script is a finding to print (a node-llama-cpp build problem), not a reason to drop the table.
          bareFailure = String((error as { stderr?: Buffer }).stderr ?? error).trim().split('\n').at(-1) ?? 'failed';
        }
        if (!haveBench) continue;
        const ppRef = llamaBench(model, ['-p', String(step.promptTokens), '-n', '0', '-fa', fa ? 'on' : 'off']);
        const tgRef = llamaBench(model, ['-p', '0', '-n', String(GENERATE), '-d', String(step.promptTokens), '-fa', fa ? 'on' : 'off']);
        build = `llama-bench build ${ppRef.build_commit} (build number ${ppRef.build_number}) from ${bin}`;
        ppRefs.push(...ppRef.samples_ts);
        tgRefs.push(...tgRef.samples_ts);
      }
      const ok = steps.filter((s) => s.outcome === 'ok');
      if (!ok.length) {
        rows.push(`${String(contextSize).padStart(6)}  ${fa ? 'on ' : 'off'}  probe failed: ${steps[0]?.failure?.message}`);
        continue;
      }
      runtime = `node-llama-cpp ${ok[0]!.runtime?.nodeLlamaCpp}, its llama.cpp release ${ok[0]!.runtime?.llamaCpp}, ${ok[0]!.runtime?.binary ?? 'unknown'} binary`;
      const prompt = ok[0]!.promptTokens;
      const pp = best(ok.map((s) => s.promptTokensPerSecond!));
      const tg = best(ok.map((s) => s.generationTokensPerSecond!));
      // The same steps by llama.cpp's own timers: its compute alone, without node-llama-cpp's per-token round trip.
      const ppTimer = best(ok.map((s) => s.llamaCppTimings?.promptTokensPerSecond ?? 0));
      const tgTimer = best(ok.map((s) => s.llamaCppTimings?.generationTokensPerSecond ?? 0));
      const barePp = best(bare.map((b) => b.pp));
      const bareTg = best(bare.map((b) => b.tg));
      const bareText = bare.length ? `bare node-llama-cpp pp ${f(barePp)} tg ${f(bareTg)} (probe/bare ${(pp / barePp).toFixed(2)}, ${(tg / bareTg).toFixed(2)})` : `bare node-llama-cpp failed: ${bareFailure}`;
      let line = `${String(contextSize).padStart(6)}  ${fa ? 'on ' : 'off'}  ${String(prompt).padStart(6)}  probe pp ${f(pp)} tg ${f(tg)} | ${bareText}`;
      if (ppRefs.length && tgRefs.length) {
        const ppRef = best(ppRefs);
        const tgRef = best(tgRefs);
        ratios.push(pp / ppRef, tg / tgRef);
        timerRatios.push(ppTimer / ppRef, tgTimer / tgRef);
        line += ` | llama-bench pp ${f(ppRef)} tg ${f(tgRef)} | ratio pp ${(pp / ppRef).toFixed(2)} tg ${(tg / tgRef).toFixed(2)}`;
        line += ` | llama.cpp timer pp ${f(ppTimer)} tg ${f(tgTimer)}, ratio pp ${(ppTimer / ppRef).toFixed(2)} tg ${(tgTimer / tgRef).toFixed(2)}`;
      }
      rows.push(line);
    }
  }
  console.log([
    '',
    `Probe speed vs llama-bench — ${model}`,
    `${THREADS} thread, batch = ubatch = 512, ${GENERATE} generated tokens, prompt = 90 % of the context, best of ${REPEATS} alternating runs per side`,
    `${runtime}; ${build}`,
    '   ctx  FA   prompt  tok/s',
    ...rows,
    ratios.length ? `ratios (probe tok/s as a node-llama-cpp app sees them): min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)} (bar 0.9–1.1)` : '',
    timerRatios.length ? `ratios (the probe's steps by llama.cpp's own timers): min ${Math.min(...timerRatios).toFixed(2)}, max ${Math.max(...timerRatios).toFixed(2)}` : '',
  ].join('\n'));
});
