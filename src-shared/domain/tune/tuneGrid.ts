import type { TuneSettings } from '../../contract/tune.js';
import type { TunePlan } from './TunePlan.js';

/**
 * Every combination of the knobs' values at the plan's context (the full grid tune prunes from; the
 * search itself visits a line through it). Threads do not change memory, so the grid keeps the defaults'.
 */
export function tuneGrid(plan: TunePlan): TuneSettings[] {
  const k = plan.knobs;
  const out: TuneSettings[] = [];
  for (const gpuLayers of k.gpuLayers)
    for (const nCpuMoe of k.nCpuMoe.length ? k.nCpuMoe : [plan.defaults.nCpuMoe])
      for (const flashAttention of k.flashAttention)
        for (const [typeK, typeV] of k.kv)
          for (const batchSize of k.batchSize) {
            if (!flashAttention && typeV !== 'f16') continue;
            out.push({ ...plan.defaults, gpuLayers, nCpuMoe, flashAttention, typeK, typeV, batchSize, ubatchSize: plan.separateUbatch ? Math.min(batchSize, 512) : batchSize });
          }
  return out;
}
