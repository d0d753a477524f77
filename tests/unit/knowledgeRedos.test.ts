import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import { EXTRACTORS } from '../../src-shared/knowledge/extractors';
import { FAMILY_RULES } from '../../src-shared/knowledge/familyRules';
import { SPEED_EXTRACTORS } from '../../src-shared/knowledge/speedExtractors';
import { cachedRecheck } from '../support/cachedRecheck';
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

// The verdicts rest on step limits alone, so the time limit only catches a hang. A cold check took 490–830 s for 773
// patterns on one 2-vCPU machine (alone and within the suite, the same patterns each time) and 390 s for 777 a
// session later; one family rule's fuzzing alone takes 106–166 s. Safe verdicts are kept between runs (cachedRecheck),
// so a warm run checks only the patterns that are new or changed: 2 s when none are.
const CHECK_LIMIT_MS = 1_800_000;

describe('ReDoS check of every knowledge-base and extractor pattern (recheck)', () => {
  it(`finds all ${patterns.length} patterns safe`, { timeout: CHECK_LIMIT_MS }, async () => {
    const results = await inBatches(patterns, 4, async (p) => ({ ...p, verdict: await cachedRecheck(p.source, 'i', DETERMINISTIC) }));
    const report = results.filter((r) => r.verdict.status !== 'safe').map((r) => `${r.where}: /${r.source}/ → ${r.verdict.status} (${r.verdict.detail})`);
    expect(report).toEqual([]);
    const fresh = results.filter((r) => !r.verdict.cached).length;
    console.log(`recheck: ${results.length} patterns, all safe (${results.filter((r) => r.verdict.detail === 'linear').length} linear, the rest constant); ${fresh} checked now, ${results.length - fresh} answered by a kept verdict (an earlier run's, or a pattern repeated in another entry)`);
  });

  it('the checker itself catches a catastrophic pattern (so a pass above means something)', async () => {
    const result = await check('^(a+)+$', 'i', { timeout: 60_000 });
    expect(result.status).toBe('vulnerable');
  });

  it('keeps only safe verdicts between runs: a vulnerable pattern is checked again every time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recheck-verdicts-'));
    expect(await cachedRecheck('^llama_model_load: error (\\w+)$', 'i', DETERMINISTIC, dir)).toEqual({ status: 'safe', detail: 'linear', cached: false });
    expect(await cachedRecheck('^llama_model_load: error (\\w+)$', 'i', DETERMINISTIC, dir)).toEqual({ status: 'safe', detail: 'linear', cached: true });
    for (let run = 0; run < 2; run++) expect(await cachedRecheck('^(a+)+$', 'i', DETERMINISTIC, dir)).toMatchObject({ status: 'vulnerable', cached: false });
  });
});
