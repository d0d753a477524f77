import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import { EXTRACTORS } from '../../src-shared/knowledge/extractors';
import { FAMILY_RULES } from '../../src-shared/knowledge/familyRules';
import { SPEED_EXTRACTORS } from '../../src-shared/knowledge/speedExtractors';
import { knowledgeBase } from './knowledgeFixtures';

// Every pattern the matcher runs (entries, extractors and the family rules), checked by recheck (automata theory, with fuzzing where it
// decides so) for super-linear backtracking. The matcher runs them on pasted logs of any size.
const patterns = [
  ...knowledgeBase().entries.flatMap((e) => e.signatures.map((s, i) => ({ where: `${e.id} signature ${i}`, source: s.pattern }))),
  ...EXTRACTORS.map((x, i) => ({ where: `extractor ${i}`, source: x.pattern })),
  ...SPEED_EXTRACTORS.map((x, i) => ({ where: `speed extractor ${i}`, source: x.pattern })),
  ...FAMILY_RULES.map((x, i) => ({ where: `family rule ${i}`, source: x.pattern })),
];

// recheck's defaults also stop on wall-clock time (an attack slower than 1 s counts as vulnerable), so a loaded
// or slow machine flagged a linear pattern. Only its step limits decide here, which give the same verdict anywhere.
const DETERMINISTIC = { timeout: 600_000, attackTimeout: null, incubationTimeout: null, seedingTimeout: null } as const;

async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

// The verdicts rest on step limits alone, so the time limit only catches a hang. It was 900 s: with 773
// patterns the check took 490–830 s on one 2-vCPU machine in a single session (alone and within the suite,
// the same patterns each time), too close to a limit for a check whose answer does not depend on time.
const CHECK_LIMIT_MS = 1_800_000;

describe('ReDoS check of every knowledge-base and extractor pattern (recheck)', () => {
  it(`finds all ${patterns.length} patterns safe`, { timeout: CHECK_LIMIT_MS }, async () => {
    const results = await inBatches(patterns, 4, async (p) => ({ ...p, result: await check(p.source, 'i', DETERMINISTIC) }));
    const unsafe = results.filter((r) => r.result.status !== 'safe');
    const report = unsafe.map((r) => `${r.where}: /${r.source}/ → ${r.result.status}${r.result.status === 'vulnerable' ? ` (${r.result.complexity.summary}; attack ${r.result.attack.pattern})` : ''}`);
    expect(report).toEqual([]);
    console.log(`recheck: ${results.length} patterns, all safe (${results.filter((r) => r.result.status === 'safe' && r.result.complexity.type === 'linear').length} linear, the rest constant)`);
  });

  it('the checker itself catches a catastrophic pattern (so a pass above means something)', async () => {
    const result = await check('^(a+)+$', 'i', { timeout: 60_000 });
    expect(result.status).toBe('vulnerable');
  });
});
