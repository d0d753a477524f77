import type { Diagnosis } from '../../src-shared/knowledge/Diagnosis';
import { CATEGORIES } from '../../src-shared/knowledge/KnowledgeEntry';
import type { LogFixture } from '../unit/knowledgeFixtures';

// Scoring of diagnoses against labelled log excerpts, shared by the fixture test (dev split) and the
// accuracy bench (dev, the frozen test split, held-out batches and leave-thread-out folds).

/** The split a fixture belongs to; fixtures from before the split was introduced are dev. */
export const splitOf = (f: LogFixture): 'dev' | 'test' => (f.split === 'test' ? 'test' : 'dev');

export interface Scored {
  fixture: LogFixture;
  top1: boolean;
  top3: boolean;
  /** The diagnosis said `unknown` on a log that has a category. */
  unknownMiss: boolean;
}

export function score(fixture: LogFixture, d: Pick<Diagnosis, 'category' | 'candidates'>): Scored {
  const top1 = d.category === fixture.category;
  const top3 = top1 || d.candidates.some((c) => c.category === fixture.category);
  return { fixture, top1, top3, unknownMiss: fixture.category !== 'unknown' && d.category === 'unknown' };
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} %` : '—').padStart(7);

export interface Summary {
  n: number;
  top1: number;
  top3: number;
  /** Share of logs with a category that were called `unknown`. */
  unknown: number;
}

export function summary(rows: Scored[]): Summary {
  const known = rows.filter((r) => r.fixture.category !== 'unknown');
  const share = (k: number, of: number) => (of ? k / of : NaN);
  return {
    n: rows.length,
    top1: share(rows.filter((r) => r.top1).length, rows.length),
    top3: share(rows.filter((r) => r.top3).length, rows.length),
    unknown: share(known.filter((r) => r.unknownMiss).length, known.length),
  };
}

export function formatSummary(label: string, rows: Scored[]): string {
  const ok1 = rows.filter((r) => r.top1).length;
  const ok3 = rows.filter((r) => r.top3).length;
  const known = rows.filter((r) => r.fixture.category !== 'unknown');
  const unk = known.filter((r) => r.unknownMiss).length;
  return `${label.padEnd(34)} n=${String(rows.length).padStart(4)}  top-1 ${String(ok1).padStart(4)} ${pct(ok1, rows.length)}  top-3 ${String(ok3).padStart(4)} ${pct(ok3, rows.length)}  unknown ${String(unk).padStart(3)} ${pct(unk, known.length)}`;
}

/** One line per category (and per runtime), with top-1, top-3 and the unknown rate. */
export function formatTable(rows: Scored[], by: 'category' | 'runtime'): string {
  const keys = by === 'category' ? CATEGORIES.filter((c) => rows.some((r) => r.fixture.category === c)) : [...new Set(rows.map((r) => r.fixture.runtime))].sort();
  return keys.map((k) => `  ${formatSummary(k, rows.filter((r) => (by === 'category' ? r.fixture.category : r.fixture.runtime) === k))}`).join('\n');
}

/** The thread a fixture was taken from (`owner/repo#N`): folds keep a thread's logs together. */
export const threadOf = (f: LogFixture) => f.source;

/** Grouped k-fold: each thread's logs fall in one fold, chosen by a hash of the thread. */
export function foldOf(f: LogFixture, k: number): number {
  let h = 2166136261;
  for (const c of threadOf(f)) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return (h >>> 0) % k;
}
