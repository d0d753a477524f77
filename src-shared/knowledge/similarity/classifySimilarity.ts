import type { SimilarityGuess } from '../rankCandidates.js';
import type { SimilarityModel } from './SimilarityModel.js';
import { similarityFeatures } from './similarityFeatures.js';

const MIN_FEATURES = 3;

/**
 * The category whose logs this one resembles most, with its probability and the words that weighed
 * most; null when the log holds too few of the model's features, or resembles logs of no failure.
 */
export function classifySimilarity(model: SimilarityModel, text: string): SimilarityGuess | null {
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
  const best = scores.indexOf(max);
  const category = model.categories[best]!;
  if (category === 'unknown') return null;
  const words = seen
    .map(({ word, lift }) => ({ word, margin: lift[best]! - Math.max(...lift.filter((_, i) => i !== best)) }))
    .sort((a, b) => b.margin - a.margin)
    .slice(0, 5)
    .map((w) => w.word);
  return { category, probability: Math.round((exp[best]! / sum) * 100) / 100, words };
}
