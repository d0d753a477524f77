import { z } from 'zod';
import { CategorySchema } from '../KnowledgeEntry.js';

/**
 * A linear model over the words of labelled logs (resources/knowledge-base/similarity/model.json,
 * written by `node scripts/runTs.js scripts/similarity/trainSimilarity.ts`): a log's score for a
 * category is its `bias` plus the weights of the features it holds, and the softmax of the scores
 * gives the probabilities (logistic regression; the format also holds the naive Bayes it replaced).
 * Values follow the order of `categories`, rounded to two decimals.
 */
export const SimilarityModelSchema = z.object({
  version: z.literal(1),
  /** What it was trained on, for the record (the split, the number of logs and threads, the date). */
  trainedOn: z.string(),
  categories: z.array(CategorySchema).min(2),
  /** Per category: the log-probability of a log holding none of the features. */
  bias: z.array(z.number()),
  features: z.record(z.string(), z.array(z.number())),
});
export type SimilarityModel = z.infer<typeof SimilarityModelSchema>;
