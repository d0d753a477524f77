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
  /** A feature must occur in at least this many logs. Defaults to 3. */
  minLogs?: number;
  /** L2 penalty on the weights. Defaults to 0.003. */
  l2?: number;
  /** Passes over the examples. Defaults to 120. */
  epochs?: number;
  trainedOn?: string;
}

// Logistic regression (softmax over the categories, one weight per feature and category, each
// feature present or not) replaced naive Bayes: leave-thread-out on the dev split its first guess
// was right on 70 % of logs against 57 % (see tests/bench/similarityFolds.ts). Full-batch Adam
// from zero weights, so training is deterministic. With character 4-grams (similarityFeatures.ts) the
// model needs the stronger penalty (0.003, not 0.001) and features in 3 logs, not 2: left at 0.001 it
// was surer, led on more logs of no failure we cover and lowered dev leave-thread-out with signatures
// (top-1 94.0 → 93.4 %); at 0.003 it raises it (top-3 96.2 → 96.4 %) and first contact as simulated.
const RATE = 0.05;
const BETA1 = 0.9;
const BETA2 = 0.999;
/** Weights this small change no guess; dropping them keeps the shipped model small. */
const MIN_WEIGHT = 0.01;

/** Trains the model on labelled logs. Pure and deterministic. */
export function trainSimilarity(examples: SimilarityExample[], options: TrainOptions = {}): SimilarityModel {
  const categories = [...new Set(examples.map((e) => e.category))].sort();
  const logs = examples.map((e) => similarityFeatures(e.text));
  const vocab = vocabulary(logs, options.minLogs ?? 3);
  const x = logs.map((features) => [...features].flatMap((f) => (vocab.has(f) ? [vocab.get(f)!] : [])));
  const y = examples.map((e) => categories.indexOf(e.category));
  const { weights, bias } = fit(x, y, vocab.size, categories.length, options);
  const c = categories.length;
  const features: Record<string, number[]> = {};
  for (const [f, v] of vocab) {
    const row = Array.from(weights.subarray(v * c, v * c + c), round);
    if (row.some((w) => Math.abs(w) >= MIN_WEIGHT)) features[f] = row;
  }
  return { version: 1, trainedOn: options.trainedOn ?? `${examples.length} logs`, categories, bias: Array.from(bias, round), features };
}

/** Features held by at least `minLogs` logs, in a fixed order (sorted), to an index. */
function vocabulary(logs: Set<string>[], minLogs: number): Map<string, number> {
  const df = new Map<string, number>();
  for (const features of logs) for (const f of features) df.set(f, (df.get(f) ?? 0) + 1);
  const kept = [...df].filter(([, n]) => n >= minLogs).map(([f]) => f).sort();
  return new Map(kept.map((f, i) => [f, i]));
}

function fit(x: number[][], y: number[], v: number, c: number, options: TrainOptions): { weights: Float64Array; bias: Float64Array } {
  const l2 = options.l2 ?? 0.003;
  const weights = new Float64Array(v * c);
  const bias = new Float64Array(c);
  const adamW = new Adam(v * c);
  const adamB = new Adam(c);
  for (let epoch = 1; epoch <= (options.epochs ?? 120); epoch++) {
    const gradW = new Float64Array(v * c);
    const gradB = new Float64Array(c);
    x.forEach((features, n) => {
      const p = probabilities(features, weights, bias, c);
      p[y[n]!]! -= 1;
      for (let k = 0; k < c; k++) {
        gradB[k]! += p[k]!;
        for (const f of features) gradW[f * c + k]! += p[k]!;
      }
    });
    for (let j = 0; j < gradW.length; j++) gradW[j] = gradW[j]! / x.length + l2 * weights[j]!;
    for (let k = 0; k < c; k++) gradB[k] = gradB[k]! / x.length;
    adamW.step(weights, gradW, epoch);
    adamB.step(bias, gradB, epoch);
  }
  return { weights, bias };
}

function probabilities(features: number[], weights: Float64Array, bias: Float64Array, c: number): number[] {
  const scores = Array.from(bias);
  for (const f of features) for (let k = 0; k < c; k++) scores[k]! += weights[f * c + k]!;
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

class Adam {
  readonly m: Float64Array;
  readonly s: Float64Array;
  constructor(size: number) {
    this.m = new Float64Array(size);
    this.s = new Float64Array(size);
  }

  step(params: Float64Array, grad: Float64Array, t: number): void {
    for (let j = 0; j < params.length; j++) {
      const g = grad[j]!;
      this.m[j] = BETA1 * this.m[j]! + (1 - BETA1) * g;
      this.s[j] = BETA2 * this.s[j]! + (1 - BETA2) * g * g;
      params[j]! -= (RATE * (this.m[j]! / (1 - BETA1 ** t))) / (Math.sqrt(this.s[j]! / (1 - BETA2 ** t)) + 1e-8);
    }
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
