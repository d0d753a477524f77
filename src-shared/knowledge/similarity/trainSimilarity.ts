import type { Category } from '../KnowledgeEntry.js';
import type { SimilarityModel } from './SimilarityModel.js';
import { similarityFeatures } from './similarityFeatures.js';

/** A labelled log to learn from. */
export interface SimilarityExample {
  text: string;
  category: Category;
}

/** Options of {@link trainSimilarity}. */
export interface TrainOptions {
  /** Features kept, the most telling first. Defaults to 500 (leave-thread-out on the dev split did no better with more). */
  maxFeatures?: number;
  /** A feature must occur in at least this many logs. Defaults to 2. */
  minLogs?: number;
  trainedOn?: string;
}

/**
 * Trains a Bernoulli-style naive Bayes (each feature counted once per log, Laplace smoothing, uniform
 * prior) and keeps the features whose distribution over the categories differs most from the
 * overall one (information gain). Pure and deterministic.
 */
export function trainSimilarity(examples: SimilarityExample[], options: TrainOptions = {}): SimilarityModel {
  const categories = [...new Set(examples.map((e) => e.category))].sort();
  const perCategory = categories.map((c) => examples.filter((e) => e.category === c).length);
  const counts = new Map<string, number[]>();
  for (const e of examples) {
    const k = categories.indexOf(e.category);
    for (const f of similarityFeatures(e.text)) {
      const row = counts.get(f) ?? new Array<number>(categories.length).fill(0);
      row[k]! += 1;
      counts.set(f, row);
    }
  }
  const minLogs = options.minLogs ?? 2;
  const scored = [...counts]
    .filter(([, row]) => row.reduce((a, b) => a + b, 0) >= minLogs)
    .map(([f, row]) => ({ f, row, gain: informationGain(row, perCategory) }))
    .sort((a, b) => b.gain - a.gain || (a.f < b.f ? -1 : 1))
    .slice(0, options.maxFeatures ?? 500);
  const features: Record<string, number[]> = {};
  const bias = categories.map(() => 0);
  for (const { f, row } of scored) {
    const p = row.map((n, k) => (n + 1) / (perCategory[k]! + 2));
    features[f] = p.map((q) => round(Math.log(q) - Math.log(1 - q)));
    p.forEach((q, k) => (bias[k]! += Math.log(1 - q)));
  }
  return { version: 1, trainedOn: options.trainedOn ?? `${examples.length} logs`, categories, bias: bias.map(round), features };
}

/** How much knowing whether a log has the feature tells about its category (bits). */
function informationGain(row: number[], perCategory: number[]): number {
  const total = perCategory.reduce((a, b) => a + b, 0);
  const present = row.reduce((a, b) => a + b, 0);
  const absent = perCategory.map((n, k) => n - row[k]!);
  const h = (xs: number[], n: number) => (n ? -xs.reduce((s, x) => (x ? s + (x / n) * Math.log2(x / n) : s), 0) : 0);
  return h(perCategory, total) - (present / total) * h(row, present) - ((total - present) / total) * h(absent, total - present);
}

const round = (n: number) => Math.round(n * 100) / 100;
