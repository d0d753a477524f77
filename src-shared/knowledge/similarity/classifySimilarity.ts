import type { SimilarityGuess } from '../rankCandidates.js';
import type { Category } from '../KnowledgeEntry.js';
import type { SimilarityModel } from './SimilarityModel.js';
import { similarityFeatures } from './similarityFeatures.js';

const MIN_FEATURES = 3;
// When may the model's first guess lead (only where no signature is sure, see diagnoseLog)? Weighed
// with leave-thread-out models (tests/bench/similarityFolds.ts) on the dev split and in a simulation
// of first contact (the recorded candidates of a frozen knowledge base, fused with the model): a lead
// from 0.4 got first contact a little further (top-3 82.3 → 83.1 %, unknown 14.8 → 13.2 %) but gave a
// category to more logs of no failure we cover (9 of 44 instead of 7; dev top-1 94.0 → 93.6 %), and
// asking `unknown` to stay below 0.1 as well undid the gain; from 0.6 it led too rarely (first contact
// top-1 73.0 → 71.5 %). Tail candidates from 0.05 instead of 0.02 lost top-3 (82.3 → 80.3 %).
// After batch 9 (658 dev logs, 483 with recorded first contact) a guess from 0.45 while `unknown`
// stays below 0.2 also leads: first contact top-1 76.8 → 78.7 %, top-3 84.1 → 86.3 %, unknown 13.1 →
// 10.6 %; dev leave-thread-out top-1 94.5 → 95.0 %, top-3 96.8 → 97.3 %; logs labelled `unknown`
// given a category unchanged (7 of 57 and 5 of 64). Those guesses (0.45–0.5) were right on 9 of 11
// failure logs in the simulation and 3 of 3 in leave-thread-out; the one log of no failure among them
// in each had `unknown` at 0.2 or more. More of those logs got a category from 0.45 without the
// `unknown` bound (8 of 57, 6 of 64) or from 0.4 with it (9 of 57, 8 of 64).
// After batch 40 (1,756 dev logs, 3 × as many, 656 of them replayed at first contact) the model is surer where
// it is right, and a guess leads from 0.4, or from 0.35 while `unknown` stays below 0.2: dev leave-thread-out
// top-1 88.5 → 89.0 %, `unknown` on 4.0 → 2.8 % of logs; first contact simulated 76.7 → 77.4 % (unknown 9.2 →
// 7.4 %) and replayed 80.5 → 81.9 % (unknown 10.2 → 7.7 %). The cost is logs of no failure we cover given a
// category: 58 → 63 of 256 in leave-thread-out (top-3 93.7 → 93.4 %, as their top-3 is their top-1), 8 of 69
// replayed either way. Lower still (0.3 / 0.25) gained no top-1 and gave a category to 72 of them.
/** The first guess is offered when the model finds it this likely… */
export const SIMILARITY_SURE = 0.4;
/** …or at least this likely while `unknown` stays below {@link SIMILARITY_UNKNOWN_BELOW}. */
export const SIMILARITY_LIKELY = 0.35;
/** See {@link SIMILARITY_LIKELY}. */
export const SIMILARITY_UNKNOWN_BELOW = 0.2;
/** Further categories this likely may fill the candidates' tail (the top-3), never their head. */
export const SIMILARITY_ALTERNATIVE = 0.02;

/** What a log resembles: the categories from most to least likely (above {@link SIMILARITY_ALTERNATIVE}, `unknown` left out). */
export interface SimilarityRanking {
  /** The most likely category, when it is at least {@link SIMILARITY_SURE} (or {@link SIMILARITY_LIKELY} with `unknown` unlikely). */
  guess: SimilarityGuess | null;
  /** Every likely category, the first included, for the tail of the candidates. */
  alternatives: SimilarityGuess[];
}

/** Every category of the model with its probability, most likely first (`unknown` included). */
export interface SimilarityScores {
  ranked: { category: Category; probability: number; index: number }[];
  /** The features of the log the model knows, with their weights per category. */
  seen: { word: string; lift: number[] }[];
}

/** The model's probabilities for a log; null when the log holds too few of the model's features. */
export function scoreSimilarity(model: SimilarityModel, text: string): SimilarityScores | null {
  const k = model.categories.length;
  const scores = [...model.bias];
  const seen: { word: string; lift: number[] }[] = [];
  for (const f of similarityFeatures(text)) {
    // Own keys only: a log's word may be the name of an object's property ("constructor").
    const row = Object.hasOwn(model.features, f) ? model.features[f] : undefined;
    if (!row) continue;
    for (let i = 0; i < k; i++) scores[i]! += row[i]!;
    seen.push({ word: f, lift: row });
  }
  if (seen.length < MIN_FEATURES) return null;
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  const ranked = scores
    .map((_, i) => i)
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .map((i) => ({ category: model.categories[i]!, probability: exp[i]! / sum, index: i }));
  return { ranked, seen };
}

/**
 * The categories whose logs this one resembles, with their probabilities and the words that weighed
 * most; nothing when the log holds too few of the model's features.
 */
export function classifySimilarity(model: SimilarityModel, text: string): SimilarityRanking {
  const scored = scoreSimilarity(model, text);
  if (!scored) return { guess: null, alternatives: [] };
  const alternatives = scored.ranked
    .filter((r) => r.category !== 'unknown' && r.probability >= SIMILARITY_ALTERNATIVE)
    .map((r) => ({ category: r.category, probability: Math.round(r.probability * 100) / 100, words: wordsFor(scored.seen, r.index) }));
  const first = alternatives[0];
  // When `unknown` is the most likely, the log resembles no failure we cover: no guess leads.
  const leads = first && scored.ranked[0]!.category === first.category && sureEnough(first.probability, scored);
  return { guess: leads ? first : null, alternatives };
}

/** Whether a first guess this likely may lead: likely enough on its own, or nearly so while `unknown` is unlikely. */
function sureEnough(probability: number, scored: SimilarityScores): boolean {
  const unknown = scored.ranked.find((r) => r.category === 'unknown')?.probability ?? 0;
  return probability >= SIMILARITY_SURE || (probability >= SIMILARITY_LIKELY && unknown < SIMILARITY_UNKNOWN_BELOW);
}

/** The log's words that favour category `i` most over the others (whole words: a 4-gram means nothing to a reader). */
function wordsFor(seen: { word: string; lift: number[] }[], i: number): string[] {
  return seen
    .filter(({ word }) => !word.startsWith('#'))
    .map(({ word, lift }) => ({ word, margin: lift[i]! - Math.max(...lift.filter((_, j) => j !== i)) }))
    .sort((a, b) => b.margin - a.margin)
    .slice(0, 5)
    .map((w) => w.word);
}
