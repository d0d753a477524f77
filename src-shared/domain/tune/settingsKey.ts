import type { TuneSettings } from '../../contract/tune.js';

/** One string per distinct configuration, so repeats of the same settings group together. */
export function settingsKey(s: TuneSettings): string {
  return [s.contextSize, s.threads, s.batchSize, s.ubatchSize, s.flashAttention ? 'fa' : 'nofa', s.typeK, s.typeV, s.gpuLayers, s.nCpuMoe ?? '-'].join('/');
}

/** The settings in a short line for progress and tables. */
export function describeSettings(s: TuneSettings): string {
  const moe = s.nCpuMoe === null ? '' : `, ${s.nCpuMoe} layers' experts on CPU`;
  const batch = s.ubatchSize === s.batchSize ? `batch ${s.batchSize}` : `batch ${s.batchSize}/${s.ubatchSize}`;
  return `${s.threads} thread${s.threads === 1 ? '' : 's'}, ${batch}, FA ${s.flashAttention ? 'on' : 'off'}, K/V ${s.typeK}/${s.typeV}, ${s.gpuLayers} GPU layers${moe}`;
}
