// Trains the similarity model (logistic regression over the words of the log fixtures) on the DEV
// split of tests/fixtures/logs and writes resources/knowledge-base/similarity/model.json. Usage:
//   node scripts/runTs.js scripts/similarity/trainSimilarity.ts [--check]
// Fixtures of the TEST split are never read. With --check it only prints what it would write.
// When it ships: the judge is the first-contact simulation in tests/bench/similarityFolds.ts (what
// frozen knowledge bases answered for dev logs before they learned from them, fused with a model
// whose fold never saw those threads): it must raise top-1 and top-3 there, and must not cost more
// than a point of dev leave-thread-out top-1 beside today's signatures. Those signatures were written
// from the dev logs, so they are rarely unsure there and the model can mostly only disturb them; the
// rule was "no lower dev top-1 at all" until batch 7, when retraining on 581 dev logs moved it
// 95.4 -> 95.0 % (2 logs) while the simulation went 63.3 -> 74.9 % top-1, 65.3 -> 84.0 % top-3.
// Earlier figures: 2026-12-05 top-3 91.1 -> 93.5 %, top-1 87.9 % both ways; after batch 6 (530 dev
// logs) top-3 95.7 -> 96.4 %, top-1 94.0 % both ways. Retrain after the fixtures grow, and check.
// After batch 9 (658 dev logs) the model itself stayed (a lighter or heavier L2 penalty, features in
// 2 or 4 logs, 60 or 200 epochs: none did better in the simulation), but its guess also leads from
// 0.45 when `unknown` is below 0.2 (classifySimilarity.ts): simulation 76.8 / 84.1 / 13.1 % ->
// 78.7 / 86.3 / 10.6 % (top-1 / top-3 / unknown), dev leave-thread-out 94.5 / 96.8 / 1.9 % ->
// 95.0 / 97.3 / 1.3 %, logs labelled unknown given a category unchanged.
// After batch 13 (796 dev logs), training also on each log's last 5 or 10 lines, or on the lines from
// its first error line, did no better in the simulation (top-1 80.8 -> 80.2 / 80.8 / 80.4 %, top-3
// 91.3 -> 90.7 / 90.8 / 91.3 %) and gave a category to more logs of no covered failure (8 -> 13 / 11 /
// 9 of 67), so the model trains on each log as it is.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Category } from '../../src-shared/knowledge/KnowledgeEntry';
import { trainSimilarity } from '../../src-shared/knowledge/similarity/trainSimilarity';

const ROOT = process.cwd();
const LOGS = join(ROOT, 'tests', 'fixtures', 'logs');
const OUT = join(ROOT, 'resources', 'knowledge-base', 'similarity', 'model.json');

interface Fixture {
  file: string;
  category: Category;
  source: string;
  split?: 'dev' | 'test';
}

export function main(args: string[]): number {
  const fixtures = (JSON.parse(readFileSync(join(LOGS, 'sources.json'), 'utf8')) as Fixture[]).filter((f) => f.split !== 'test');
  const examples = fixtures.map((f) => ({ text: readFileSync(join(LOGS, f.file), 'utf8'), category: f.category }));
  const threads = new Set(fixtures.map((f) => f.source)).size;
  const model = trainSimilarity(examples, { trainedOn: `dev split of tests/fixtures/logs: ${examples.length} logs from ${threads} threads, ${new Date().toISOString().slice(0, 10)}` });
  const json = `${JSON.stringify(model)}\n`;
  console.log(`${model.trainedOn}; ${Object.keys(model.features).length} features × ${model.categories.length} categories; ${(json.length / 1024).toFixed(0)} KiB`);
  if (args.includes('--check')) return 0;
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, json);
  console.log(`wrote ${OUT}`);
  return 0;
}
