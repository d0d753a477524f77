import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CandidateBasis, Diagnosis, Candidate } from '../../src-shared/knowledge/Diagnosis';
import type { Category } from '../../src-shared/knowledge/KnowledgeEntry';
import { CLOSE, leadingCategory, resemblances, SIMILARITY_WHEN_BELOW, type SimilarityGuess } from '../../src-shared/knowledge/rankCandidates';
import type { SimilarityRanking } from '../../src-shared/knowledge/similarity/classifySimilarity';
import { LOGS_DIR } from '../unit/knowledgeFixtures';

// Ranking policies judged at first contact: the signatures' candidates (with confidences) that the
// knowledge base of the time gave each dev log before it learned from it, fused with the fold's
// similarity model. Measured 2026-12-05 (589 dev logs, 5 folds; top-1 / top-3 / unknown on failures):
// today 80.0 / 91.3 / 9.4 %; the model orders the close ones 80.5; orders them under a family 79.8;
// blend 0.5 80.6; picks the memory stage 80.8 (gpu_oom_compute_buffer 30 -> 27 of 36), top-3 and
// unknown unchanged for all. None gains the 1.5 points asked of a change, and each costs 10 to 20
// logs of top-1 over today's signatures (a fit, but the families are right there). The ceiling is
// low: the right category is among the signatures' candidates but not first on only 10 of the 589;
// the rest of today's top-3/top-1 gap (67 logs) is logs no signature recognised (43) or a sure
// signature that was wrong while the model's tail held the answer (14).

const MAX_CANDIDATES = 3;

/** One dev log's first contact, replayed with confidences (scripts/logCorpus/replayFirstContact.ts). */
export interface ReplayRow {
  file: string;
  kbCommit: string;
  diagnosed: string;
  candidates: { category: Category; confidence: number; basis: CandidateBasis; entryId: string | null }[];
  matches: { id: string; category: Category; confidence: number }[];
  familiesAlone: { category: Category; confidence: number }[];
}

/** The replay, by log file (dev split only: the replay never held a test-split log). */
export function replayRows(): Map<string, ReplayRow> {
  const doc = JSON.parse(readFileSync(join(LOGS_DIR, 'first-contact-replay.json'), 'utf8')) as { rows: ReplayRow[] };
  return new Map(doc.rows.map((r) => [r.file, r]));
}

type Listed = { category: Category; confidence: number; basis: CandidateBasis };
/** What a policy needs of a diagnosis made without the model: a replayed row, or today's diagnosis. */
export type Signed = { candidates: Listed[]; matches: { category: Category; confidence: number }[] };

/**
 * A ranking policy: re-orders the signatures' candidates (entries and families, most confident
 * first) given the model's probabilities for the log (0 below SIMILARITY_ALTERNATIVE) and its guess.
 * Today's is the identity.
 */
export type RankingPolicy = (signatures: Listed[], probability: (c: Category) => number, guess: SimilarityGuess | null) => Listed[];

/** Today: the signatures' order stands. */
export const signaturesLead: RankingPolicy = (signatures) => signatures;

/** Among the candidates close to the first (CLOSE), the model's likeliest leads; the others keep their order. */
export const modelAmongClose: RankingPolicy = (signatures, p) => {
  const top = signatures[0]?.confidence ?? 0;
  const close = signatures.filter((c) => c.confidence >= top * CLOSE);
  if (close.length < 2) return signatures;
  const ordered = stableSortBy(close, (c) => p(c.category));
  return [...ordered, ...signatures.filter((c) => !close.includes(c))];
};

/**
 * When a family (not an entry) leads, the signatures' categories are ordered by the model. (The
 * replay does not keep the families' `decisive` flag, set only on a host OOM whose allocation was
 * stated in RAM: such a family is treated like the others.)
 */
export const modelUnderFamily: RankingPolicy = (signatures, p) => (signatures[0]?.basis === 'family' ? stableSortBy(signatures, (c) => p(c.category)) : signatures);

/** Confidence and the model's probability weighed together (`weight` on the model), over the signatures' categories only. */
export const blend = (weight: number): RankingPolicy => (signatures, p) =>
  stableSortBy(signatures, (c) => (1 - weight) * c.confidence + weight * p(c.category));

const MEMORY_STAGES: Category[] = ['gpu_oom_weights', 'gpu_oom_kv_cache', 'gpu_oom_compute_buffer', 'host_oom'];

/**
 * An out-of-memory line rarely says which stage ran out; when the signatures' first candidate is one
 * memory stage and the model's guess (classifySimilarity's own bar for leading) another, the guess
 * leads, at the first's confidence.
 */
export const modelPicksMemoryStage: RankingPolicy = (signatures, _p, guess) => {
  const first = signatures[0];
  if (!first || !guess || !MEMORY_STAGES.includes(first.category) || !MEMORY_STAGES.includes(guess.category) || guess.category === first.category) return signatures;
  const lifted = signatures.find((c) => c.category === guess.category) ?? { category: guess.category, confidence: first.confidence, basis: 'similarity' as const };
  return [lifted, ...signatures.filter((c) => c !== lifted)];
};

/** Highest key first; equal keys keep their order. */
function stableSortBy<T>(list: T[], key: (t: T) => number): T[] {
  return list.map((t, i) => ({ t, i, k: key(t) })).sort((a, b) => b.k - a.k || a.i - b.i).map((x) => x.t);
}

/**
 * diagnoseLog's fusion of the signatures' candidates (replayed, or today's) with a model's ranking, after `policy`
 * re-ordered the signatures' own: the model's guess joins when nothing is sure (SIMILARITY_WHEN_BELOW,
 * at `min(0.45, p/2)` like rankCandidates gives it), its alternatives fill the tail, and a log with no
 * match at all stays `unknown` with resemblances.
 */
export function fuseReplay(row: Signed, ranking: SimilarityRanking, policy: RankingPolicy): Pick<Diagnosis, 'category' | 'candidates'> {
  const probabilities = new Map(ranking.alternatives.map((a) => [a.category, a.probability]));
  const signatures: Listed[] = row.candidates.filter((c) => c.category !== 'unknown');
  // rankCandidates weighs an entry of the `unknown` category (a port in use) too: sure, it keeps the guess out.
  const best = Math.max(0, ...signatures.map((c) => c.confidence), ...row.matches.filter((m) => m.category === 'unknown').map((m) => m.confidence));
  const guess = ranking.guess;
  let list = policy(signatures, (c) => probabilities.get(c) ?? 0, guess);
  if (guess && best < SIMILARITY_WHEN_BELOW && !list.some((c) => c.category === guess.category)) {
    list = insertByConfidence(list, { category: guess.category, confidence: Math.min(0.45, guess.probability * 0.5), basis: 'similarity' });
  }
  list = list.slice(0, MAX_CANDIDATES);
  if (list.length === 0 && row.matches.length === 0) return { category: 'unknown', candidates: resemblances(ranking.alternatives) };
  if (list.length > 0) for (const a of ranking.alternatives) if (list.length < MAX_CANDIDATES && !list.some((c) => c.category === a.category)) list.push(asListed(a));
  return { category: leadingCategory(list, row.matches), candidates: list.map((c) => ({ ...c }) as Candidate) };
}

/** The guess goes below every candidate at least as confident (rankCandidates sorts the similarity basis last on a tie). */
function insertByConfidence(list: Listed[], guess: Listed): Listed[] {
  const at = list.findIndex((c) => c.confidence < guess.confidence);
  return at < 0 ? [...list, guess] : [...list.slice(0, at), guess, ...list.slice(at)];
}

const asListed = (a: SimilarityGuess): Listed => ({ category: a.category, confidence: 0, basis: 'similarity' });
