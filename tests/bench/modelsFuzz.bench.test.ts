import { expect, it } from 'vitest';
import { fuzzGgufReader } from '../support/fuzzGguf';
import { tinyModel } from '../support/tinyModel';

// Bar: 0 crashes, 0 hangs over ≥ 5,000 damaged GGUF headers. npm test runs 5,000; this runs 15,000 with
// other seeds and two source models (one with a 4k vocabulary, so long string arrays get hit too).

it('GGUF fuzz: 15,000 truncated or mutated headers', async () => {
  const sources = [await tinyModel(), await tinyModel({ vocabSize: 4096, layers: 3 })];
  let files = 0;
  let unexpected: string[] = [];
  let maxMs = 0;
  let rssGrowth = 0;
  const outcomes: Record<string, number> = {};
  for (const [i, source] of sources.entries()) {
    for (const seed of [7, 11]) {
      const r = await fuzzGgufReader(source, i === 0 ? 5000 : 2500, seed + i * 100);
      files += r.files;
      unexpected = unexpected.concat(r.unexpected);
      maxMs = Math.max(maxMs, r.maxMs);
      rssGrowth = Math.max(rssGrowth, r.rssMaxBytes - r.rssBeforeBytes);
      for (const [k, v] of Object.entries(r.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
    }
  }
  console.log(`fuzz: ${files} files, outcomes ${JSON.stringify(outcomes)}, unexpected ${unexpected.length}, slowest ${maxMs.toFixed(0)} ms, RSS growth ${(rssGrowth / 1024 ** 2).toFixed(0)} MiB`);
  expect(unexpected).toEqual([]);
}, 3_600_000);
