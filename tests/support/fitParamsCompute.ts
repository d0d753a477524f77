import { spawnSync } from 'node:child_process';
import { findLlamaCppBin } from '../../src-main/tune/llamaCpp/findLlamaCppBin';

// llama.cpp's own figure for the compute buffer: `llama-fit-params -v` reserves the graph without loading
// weights and logs "CPU compute buffer size = X MiB" (two decimals). CI builds the tool
// (scripts/buildLlamaCpp.sh) and exports HEADROOM_LLAMA_CPP_BIN.
// The fit itself is run (not `-fitp on`, which only prints the estimate): the tool flushes its log after
// fitting, while `-fitp on` returns with the reserve's lines still queued in the logging thread. On a machine
// where that thread lost the race every time (0 of 10 runs under Node, 2 of 10 through a shell), seven of
// the comparisons failed with no line at all; after a fit the line was there in 10 of 10.

export const FIT_PARAMS = process.env.HEADROOM_LLAMA_CPP_BIN ? (findLlamaCppBin({ HEADROOM_LLAMA_CPP_BIN: process.env.HEADROOM_LLAMA_CPP_BIN, PATH: '' })?.fitParams ?? null) : null;
export const FIT_PARAMS_SKIP_REASON = !process.env.HEADROOM_LLAMA_CPP_BIN
  ? 'HEADROOM_LLAMA_CPP_BIN is not set'
  : !FIT_PARAMS ? `no llama-bench and llama-fit-params in ${process.env.HEADROOM_LLAMA_CPP_BIN}` : null;

/** One reserve: the model file and the settings llama-fit-params is run with. */
export interface FitParamsCase {
  model: string;
  contextSize: number;
  ubatchSize: number;
  flashAttention: boolean;
  /** Parallel sequences (`-np`). Defaults to 1. */
  sequences?: number;
}

const LINE = /CPU compute buffer size =\s+([\d.]+) MiB/g;

/** The fit kept the settings asked for, so the reserve it logged is theirs. */
const UNCHANGED = /no changes needed/;

/** The compute buffer llama.cpp reserves on the CPU for `c`, in MiB (as printed, to 0.01). */
export function fitParamsComputeMiB(c: FitParamsCase): number {
  if (!FIT_PARAMS) throw new Error(FIT_PARAMS_SKIP_REASON ?? 'no llama-fit-params');
  const args = ['-m', c.model, '-c', String(c.contextSize), '-b', String(Math.max(2048, c.ubatchSize)), '-ub', String(c.ubatchSize), '-fa', c.flashAttention ? 'on' : 'off', '-np', String(c.sequences ?? 1), '-t', '1', '-v'];
  const run = spawnSync(FIT_PARAMS, args, { encoding: 'utf8', env: { ...process.env, LD_LIBRARY_PATH: FIT_PARAMS.replace(/\/[^/]+$/, '') }, maxBuffer: 64 << 20 });
  const log = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) throw new Error(`llama-fit-params exited with ${run.status}: ${(run.stderr ?? '').slice(-2000)}`);
  if (!UNCHANGED.test(log)) throw new Error(`llama-fit-params changed the settings to fit memory, so its reserve is not for ${c.model} as asked: ${log.slice(-1000)}`);
  const found = [...log.matchAll(LINE)].at(-1);
  if (!found) throw new Error(`llama-fit-params printed no compute buffer size for ${c.model}`);
  return Number(found[1]);
}
