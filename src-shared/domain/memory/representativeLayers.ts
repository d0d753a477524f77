import { perLayer, type ModelGeometry } from '../models/ModelGeometry.js';

/**
 * A short stack of layer indices whose graph reserves as much as the whole model's: the leading dense
 * blocks, then the repeating layer pattern for two cycles and as far into a third as the last layer is.
 * ggml's allocator is deterministic, so once a cycle leaves the memory as it found it, later cycles repeat
 * it; tests/unit/peakGraphBytes.test.ts checks the peak equals the full stack's for every preset at its real
 * depth. Models whose layers do not repeat within 8 are built whole.
 */
export function representativeLayers(g: ModelGeometry, layerCells: number[]): number[] {
  const all = Array.from({ length: g.layers }, (_, il) => il);
  const lead = Math.min(g.layers, g.experts?.leadingDenseBlocks ?? 0);
  const sig = all.map((il) => [perLayer(g.heads, il), perLayer(g.kvHeads, il), layerCells[il] ?? 0, Boolean(g.slidingWindowLayers?.[il]), Boolean(g.ssm?.recurrentLayers[il])].join('|'));
  const rest = sig.slice(lead);
  const period = [1, 2, 3, 4, 5, 6, 7, 8].find((p) => rest.every((s, i) => i < p || s === rest[i - p]));
  if (period === undefined) return all;
  // The allocator's layout can alternate between two states, so the cycle is two periods: keep two cycles and
  // end on the cycle position (layer phase and alternation) the last layer has.
  const cycle = 2 * period;
  const keep = 2 * cycle + (rest.length % cycle);
  if (keep >= rest.length) return all;
  return [...all.slice(0, lead), ...rest.slice(0, keep).map((_, i) => lead + i)];
}
