import type { TuneBackend, TuneSettings } from '../../../src-shared/contract/tune.js';
import { parseFitArgs, type FitArgs } from '../../../src-shared/domain/tune/llamaCppOutput.js';
import { HeadroomError } from '../../../src-shared/errors/HeadroomError.js';
import type { LlamaCppBin } from './findLlamaCppBin.js';
import { runTool } from './runTool.js';

/** Options of {@link fitBaseline}. */
export interface FitBaselineOptions {
  bin: LlamaCppBin;
  env: Record<string, string>;
  modelPath: string;
  contextSize: number;
  backend: TuneBackend;
  /** llama.cpp's default thread count (its math cores). */
  threads: number;
  layers: number;
  moe: boolean;
}

/**
 * What llama.cpp itself would run at this context: `llama-fit-params` (the dry run behind `--fit`) picks
 * GPU layers and expert placement; everything else is llama.cpp's default (batch 2048, ubatch 512,
 * flash attention auto, which the CPU and Vulkan turn on, an f16 cache, its math cores as threads).
 */
export async function fitBaseline(o: FitBaselineOptions): Promise<{ settings: TuneSettings; fit: FitArgs }> {
  const run = await runTool(o.bin.fitParams, ['-m', o.modelPath, '-c', String(o.contextSize)], { env: o.env, timeoutMs: 120_000 });
  if (run.code !== 0) {
    throw new HeadroomError(`llama-fit-params failed (${run.signal ?? `exit ${run.code}`}): ${run.stderrTail.slice(-3).join(' | ')}`, { code: 'llama_cpp_fit_failed', hint: 'Check that the model loads in llama.cpp (`llama-cli -m MODEL`), or tune with --engine node-llama-cpp.' });
  }
  const fit = parseFitArgs(run.stdout);
  const all = o.layers + 1;
  const gpuLayers = o.backend === 'cpu' ? 0 : fit.gpuLayers === null || fit.gpuLayers < 0 ? all : Math.min(all, fit.gpuLayers);
  return {
    fit,
    settings: {
      contextSize: o.contextSize,
      threads: o.threads,
      batchSize: Math.min(2048, o.contextSize),
      ubatchSize: Math.min(512, o.contextSize),
      flashAttention: true,
      typeK: 'f16',
      typeV: 'f16',
      gpuLayers,
      nCpuMoe: o.moe ? (fit.nCpuMoe ?? 0) : null,
    },
  };
}
