import type { SpeedSample } from './Facts.js';

/** Samples of one series (same phase, offload, flash attention and KV cache types), summarised as they come. */
export interface SpeedSeries {
  /** The shallowest sample (the first on ties) and the deepest (the last on ties). */
  from: SpeedSample;
  to: SpeedSample;
  fastest: number;
  slowest: number;
  count: number;
  /** Every sample while there are few enough to sort; null beyond. */
  samples: SpeedSample[] | null;
}

/** Samples kept for the diagnosis's output. */
export const KEPT_SAMPLES = 200;
/** Series longer than this are not tested for a steady fall (a sweep has a few dozen points, a server log thousands of requests). */
export const STEADY_SAMPLES = 512;

/**
 * Speed samples, summarised in constant memory: a server log of hours holds tens of thousands of
 * timing lines, and the conditions only need each series' extremes (and, for short sweeps, order).
 */
export class SpeedSummary {
  readonly kept: SpeedSample[] = [];
  readonly series = new Map<string, SpeedSeries>();
  /** Per test (phase, depth, flash attention, KV cache types): the fastest CPU-only run and the slowest offloaded one. */
  readonly offload = new Map<string, { cpu?: SpeedSample; gpu?: SpeedSample }>();
  /** Per test (phase, depth, offload): the fastest run with flash attention on and the fastest with it off (whatever their KV cache types). */
  readonly flash = new Map<string, { on?: SpeedSample; off?: SpeedSample }>();
  /** Per test (phase, depth, offload) with flash attention on: the fastest run of each KV cache type. */
  readonly kvCache = new Map<string, Map<string, SpeedSample>>();
  count = 0;

  add(s: SpeedSample): void {
    this.count++;
    if (this.kept.length < KEPT_SAMPLES) this.kept.push(s);
    const key = `${s.phase}/${s.gpuLayers ?? ''}/${s.flashAttention ?? ''}/${s.kvCache ?? ''}`;
    const series = this.series.get(key);
    if (!series) this.series.set(key, { from: s, to: s, fastest: s.tokensPerSecond, slowest: s.tokensPerSecond, count: 1, samples: [s] });
    else {
      if (s.depth < series.from.depth) series.from = s;
      if (s.depth > series.to.depth || (s.depth === series.to.depth && s.line >= series.to.line)) series.to = s;
      if (s.tokensPerSecond > series.fastest) series.fastest = s.tokensPerSecond;
      if (s.tokensPerSecond < series.slowest) series.slowest = s.tokensPerSecond;
      series.count++;
      if (series.samples && series.samples.length < STEADY_SAMPLES) series.samples.push(s);
      else series.samples = null;
    }
    if (s.flashAttention !== undefined) this.addFlash(s, s.flashAttention);
    if (s.flashAttention && s.kvCache !== undefined) this.addKvCache(s, s.kvCache);
    if (s.gpuLayers === undefined) return;
    const test = `${s.phase}/${s.depth}/${s.flashAttention ?? ''}/${s.kvCache ?? ''}`;
    const pair = this.offload.get(test) ?? {};
    this.offload.set(test, pair);
    if (s.gpuLayers === 0 && (!pair.cpu || s.tokensPerSecond > pair.cpu.tokensPerSecond)) pair.cpu = s;
    if (s.gpuLayers > 0 && (!pair.gpu || s.tokensPerSecond < pair.gpu.tokensPerSecond)) pair.gpu = s;
  }

  /**
   * Flash attention on against off over the tests measured both ways: the ratio of their fastest runs on the
   * test where flash attention fares best, with that pair. Below 1 everywhere, it made every test slower.
   */
  flashAttentionRatio(): { ratio: number; on: SpeedSample; off: SpeedSample } | null {
    let best: { ratio: number; on: SpeedSample; off: SpeedSample } | null = null;
    for (const { on, off } of this.flash.values()) {
      if (!on || !off || off.tokensPerSecond <= 0) continue;
      const ratio = on.tokensPerSecond / off.tokensPerSecond;
      if (!best || ratio > best.ratio) best = { ratio, on, off };
    }
    return best;
  }

  /**
   * KV cache types against each other with flash attention on, over the tests measured with several: the
   * ratio of the slowest type's fastest run to the fastest type's, on the test where they differ most.
   */
  kvCacheRatio(): { ratio: number; slow: SpeedSample; fast: SpeedSample } | null {
    let worst: { ratio: number; slow: SpeedSample; fast: SpeedSample } | null = null;
    for (const byType of this.kvCache.values()) {
      if (byType.size < 2) continue;
      const runs = [...byType.values()].sort((a, b) => a.tokensPerSecond - b.tokensPerSecond);
      const slow = runs[0]!;
      const fast = runs.at(-1)!;
      if (fast.tokensPerSecond <= 0) continue;
      const ratio = slow.tokensPerSecond / fast.tokensPerSecond;
      if (!worst || ratio < worst.ratio) worst = { ratio, slow, fast };
    }
    return worst;
  }

  private addKvCache(s: SpeedSample, types: string): void {
    const test = `${s.phase}/${s.depth}/${s.gpuLayers ?? ''}`;
    const byType = this.kvCache.get(test) ?? new Map<string, SpeedSample>();
    this.kvCache.set(test, byType);
    const best = byType.get(types);
    if (!best || s.tokensPerSecond > best.tokensPerSecond) byType.set(types, s);
  }

  private addFlash(s: SpeedSample, on: boolean): void {
    const test = `${s.phase}/${s.depth}/${s.gpuLayers ?? ''}`;
    const pair = this.flash.get(test) ?? {};
    this.flash.set(test, pair);
    const side = on ? 'on' : 'off';
    if (!pair[side] || s.tokensPerSecond > pair[side].tokensPerSecond) pair[side] = s;
  }
}
