import type { SimilarityGuess } from '../rankCandidates.js';
import type { SimilarityModel } from './SimilarityModel.js';
import { similarityFeatures } from './similarityFeatures.js';

const MIN_FEATURES = 3;
/** The first guess is offered only when the model finds it more likely than not. */
export const SIMILARITY_SURE = 0.5;
/** Further categories this likely may fill the candidates' tail (the top-3), never their head. */
export const SIMILARITY_ALTERNATIVE = 0.02;

/** What a log resembles: the categories from most to least likely (above {@link SIMILARITY_ALTERNATIVE}, `unknown` left out). */
export interface SimilarityRanking {
  /** The most likely category, when it is at least {@link SIMILARITY_SURE}. */
  guess: SimilarityGuess | null;
  /** Every likely category, the first included, for the tail of the candidates. */
  alternatives: SimilarityGuess[];
}

/**
 * The categories whose logs this one resembles, with their probabilities and the words that weighed
 * most; nothing when the log holds too few of the model's features.
 */
export function classifySimilarity(model: SimilarityModel, text: string): SimilarityRanking {
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
  if (seen.length < MIN_FEATURES) return { guess: null, alternatives: [] };
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  const ranked = scores
    .map((_, i) => i)
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .filter((i) => model.categories[i] !== 'unknown' && exp[i]! / sum >= SIMILARITY_ALTERNATIVE)
    .map((i) => ({ category: model.categories[i]!, probability: Math.round((exp[i]! / sum) * 100) / 100, words: wordsFor(seen, i) }));
  const first = ranked[0];
  const best = scores.indexOf(max);
  return { guess: first && model.categories[best] === first.category && first.probability >= SIMILARITY_SURE ? first : null, alternatives: ranked };
}

/** The log's words that favour category `i` most over the others. */
function wordsFor(seen: { word: string; lift: number[] }[], i: number): string[] {
  return seen
    .map(({ word, lift }) => ({ word, margin: lift[i]! - Math.max(...lift.filter((_, j) => j !== i)) }))
    .sort((a, b) => b.margin - a.margin)
    .slice(0, 5)
    .map((w) => w.word);
}
