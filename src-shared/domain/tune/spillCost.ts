import type { TuneCandidate } from '../../contract/tune.js';
import { rankCandidates } from './rankCandidates.js';

/**
 * What spilling cost, measured: the best candidate with some layers left in host memory against the best with
 * every layer on the device (the most GPU layers measured), per request at the tune's context. Null until both
 * ran.
 */
export function spillCost(candidates: TuneCandidate[], contextSize: number): string | null {
  const ranked = rankCandidates(candidates);
  const all = Math.max(0, ...ranked.map((m) => m.first.settings.gpuLayers));
  if (all === 0) return null;
  const onDevice = ranked.find((m) => m.first.settings.gpuLayers === all);
  const spilled = ranked.find((m) => m.first.settings.gpuLayers > 0 && m.first.settings.gpuLayers < all);
  if (!onDevice || !spilled) return null;
  const k = spilled.first.settings.gpuLayers;
  const ratio = spilled.requestSeconds / onDevice.requestSeconds;
  const what = ratio >= 1 ? `costs ${ratio.toFixed(1)}× the time per request` : `takes ${((1 - ratio) * 100).toFixed(0)} % less time per request`;
  return `Spilling (${k} of ${all} layers on the GPU, the rest in host memory) ${what} against all ${all} on the device at ${contextSize} tokens, measured (${spilled.requestSeconds.toFixed(2)} s vs ${onDevice.requestSeconds.toFixed(2)} s).`;
}
