// `node scripts/trainSimilarity.js [--check]`: trains the similarity model (naive Bayes over the words of
// the log fixtures) on the DEV split of tests/fixtures/logs and writes it to
// resources/knowledge-base/similarity/model.json. Fixtures of the TEST split are never read.
// With --check it only prints what it would write (size, features, categories).
// The TypeScript trainer is loaded through Vite's module runner, so the script and the app share it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const logs = join(root, 'tests', 'fixtures', 'logs');
const out = join(root, 'resources', 'knowledge-base', 'similarity', 'model.json');

const { module } = await runnerImport(join(root, 'src-shared', 'knowledge', 'similarity', 'trainSimilarity.ts'));
const fixtures = JSON.parse(readFileSync(join(logs, 'sources.json'), 'utf8')).filter((f) => f.split !== 'test');
const examples = fixtures.map((f) => ({ text: readFileSync(join(logs, f.file), 'utf8'), category: f.category }));
const threads = new Set(fixtures.map((f) => f.source)).size;
const model = module.trainSimilarity(examples, { trainedOn: `dev split of tests/fixtures/logs: ${examples.length} logs from ${threads} threads, ${new Date().toISOString().slice(0, 10)}` });
const json = `${JSON.stringify(model)}\n`;
console.log(`${model.trainedOn}; ${Object.keys(model.features).length} features × ${model.categories.length} categories; ${(json.length / 1024).toFixed(0)} KiB`);
if (!process.argv.includes('--check')) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, json);
  console.log(`wrote ${out}`);
}
