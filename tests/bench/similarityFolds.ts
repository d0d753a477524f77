import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog';
import { trainSimilarity } from '../../src-shared/knowledge/similarity/trainSimilarity';
import { foldOf, formatSummary, formatTable, score, type Scored } from '../support/diagnoseAccuracy';
import { knowledgeBase, readLog, type LogFixture } from '../unit/knowledgeFixtures';

/**
 * Leave-thread-out for the similarity model: grouped k-fold where each fold's threads never trained
 * the model that scores them. Each fold is diagnosed without the model and with the fold's model, so
 * the difference is what the model adds on logs it has not seen.
 */
export function similarityLeaveThreadOut(fixtures: LogFixture[], k: number): { with: Scored[]; without: Scored[]; report: string } {
  const texts = new Map(fixtures.map((f) => [f.file, readLog(f.file)]));
  const base = { ...knowledgeBase(), similarity: undefined };
  const withModel: Scored[] = [];
  const without: Scored[] = [];
  for (let fold = 0; fold < k; fold++) {
    const held = fixtures.filter((f) => foldOf(f, k) === fold);
    const train = fixtures.filter((f) => foldOf(f, k) !== fold).map((f) => ({ text: texts.get(f.file)!, category: f.category }));
    const model = trainSimilarity(train);
    for (const f of held) {
      without.push(score(f, diagnoseLog(base, { text: texts.get(f.file)! })));
      withModel.push(score(f, diagnoseLog({ ...base, similarity: model }, { text: texts.get(f.file)! })));
    }
  }
  const report = [
    `Similarity model, leave-thread-out (${k} folds grouped by thread, dev split, ${fixtures.length} logs):`,
    formatSummary('  without the model', without),
    formatSummary('  with the fold\'s model', withModel),
    '  with the model, per category:',
    formatTable(withModel, 'category'),
  ].join('\n');
  return { with: withModel, without, report };
}
