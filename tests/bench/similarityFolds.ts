import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog';
import { classifySimilarity, scoreSimilarity, type SimilarityRanking } from '../../src-shared/knowledge/similarity/classifySimilarity';
import { resemblances } from '../../src-shared/knowledge/rankCandidates';
import type { SimilarityModel } from '../../src-shared/knowledge/similarity/SimilarityModel';
import { trainSimilarity } from '../../src-shared/knowledge/similarity/trainSimilarity';
import type { Candidate, Diagnosis } from '../../src-shared/knowledge/Diagnosis';
import type { Category } from '../../src-shared/knowledge/KnowledgeEntry';
import { foldOf, formatSummary, formatTable, score, type Scored } from '../support/diagnoseAccuracy';
import { knowledgeBase, readLog, type LogFixture } from '../unit/knowledgeFixtures';
import { blend, fuseReplay, modelAmongClose, modelPicksMemoryStage, modelUnderFamily, replayRows, signaturesLead, type RankingPolicy, type Signed } from './firstContactReplay';

const MAX_CANDIDATES = 3;

/**
 * Leave-thread-out for the similarity model: grouped k-fold where each fold's threads never trained
 * the model that scores them. Each held-out log is scored three ways:
 *  - the model ALONE: its own top-1 / top-3 over every category, `unknown` included (a log the model
 *    knows too few words of counts as `unknown`);
 *  - diagnosed without the model and with the fold's model, so the difference is what it adds. On the
 *    dev split this judge is weak: the signatures were written from these very logs, so they are
 *    rarely unsure there;
 *  - FIRST-CONTACT SIMULATION, for the logs whose sources.json records `firstContact.candidates` (what
 *    a frozen knowledge base answered before it learned from them, ordered, without confidences): the
 *    recorded candidates fused with the fold's model as diagnoseLog fuses them when the signatures
 *    found something (they lead, the model fills the tail) or nothing (the model's guess leads, if it
 *    has one). The recorded candidates are taken as sure, since their confidences were not kept; the
 *    knowledge bases of batches 5 and 6 already shipped a similarity model, so some of their recorded
 *    candidates may be its: batches 3-4 are also reported alone;
 *  - first contact REPLAYED (tests/fixtures/logs/first-contact-replay.json, written by
 *    scripts/logCorpus/replayFirstContact.ts): the same dev logs diagnosed again by the code and
 *    knowledge base of their firstContact commit with the model disabled, so the signatures' candidates
 *    come with their confidences and bases. Ranking policies (firstContactReplay.ts) fuse them with the
 *    fold's model, today's first; the same policies over today's signatures follow, a fit.
 */
export function similarityLeaveThreadOut(fixtures: LogFixture[], k: number): { with: Scored[]; without: Scored[]; fusedToday: Scored[]; report: string } {
  const texts = new Map(fixtures.map((f) => [f.file, readLog(f.file)]));
  const base = { ...knowledgeBase(), similarity: undefined };
  const withModel: Scored[] = [];
  const without: Scored[] = [];
  const alone: Scored[] = [];
  const recorded: Scored[] = [];
  const fused: Scored[] = [];
  const replay = replayRows();
  const replayed: Scored[] = [];
  const byPolicy = new Map(POLICIES.map(([name]) => [name, [] as Scored[]]));
  const devPolicy = new Map(POLICIES.map(([name]) => [name, [] as Scored[]]));
  for (let fold = 0; fold < k; fold++) {
    const held = fixtures.filter((f) => foldOf(f, k) === fold);
    const train = fixtures.filter((f) => foldOf(f, k) !== fold).map((f) => ({ text: texts.get(f.file)!, category: f.category }));
    const model = trainSimilarity(train);
    for (const f of held) {
      const text = texts.get(f.file)!;
      const signed = diagnoseLog(base, { text });
      without.push(score(f, signed));
      const ranking = classifySimilarity(model, text);
      judgePolicies(devPolicy, f, signed, ranking);
      withModel.push(score(f, diagnoseLog({ ...base, similarity: model }, { text })));
      alone.push(score(f, modelAlone(model, text)));
      const first = f.firstContact?.candidates as Category[] | undefined;
      if (!first) continue;
      // An `unknown` first contact recorded only resemblances, if anything: nothing was recognised.
      const recognised = f.firstContact!.diagnosed === 'unknown' ? [] : first;
      recorded.push(score(f, { category: f.firstContact!.diagnosed as Category, candidates: first.map((category) => ({ category }) as Candidate) }));
      fused.push(score(f, fuseRecorded(ranking, recognised)));
      const row = replay.get(f.file);
      if (!row) continue;
      const signatures = row.candidates.filter((c) => c.category !== 'unknown');
      replayed.push(score(f, { category: signatures[0]?.category ?? 'unknown', candidates: signatures as Candidate[] }));
      judgePolicies(byPolicy, f, row, ranking);
    }
  }
  const report = [
    `Similarity model, leave-thread-out (${k} folds grouped by thread, dev split, ${fixtures.length} logs):`,
    formatSummary('  the model alone', alone),
    formatTable(alone, 'category'),
    formatSummary('  without the model', without),
    formatSummary('  with the fold\'s model', withModel),
    `  logs labelled unknown given a category: ${givenCategory(without)} without the model, ${givenCategory(withModel)} with it, of ${without.filter((r) => r.fixture.category === 'unknown').length}`,
    '  with the model, per category:',
    formatTable(withModel, 'category'),
    `  first contact, simulated (${recorded.length} dev logs with recorded candidates):`,
    formatSummary('  recorded signatures', recorded),
    formatSummary('  fused with the fold\'s model', fused),
    formatSummary('  recorded, batches 3-4 (no model)', recorded.filter(beforeModel)),
    formatSummary('  fused, batches 3-4', fused.filter(beforeModel)),
    `  logs labelled unknown given a category: ${givenCategory(recorded)} recorded, ${givenCategory(fused)} fused, of ${recorded.filter((r) => r.fixture.category === 'unknown').length}`,
    `  first contact REPLAYED with confidences (${replayed.length} dev logs, tests/fixtures/logs/first-contact-replay.json), ranking policies:`,
    formatSummary('  replayed signatures alone', replayed),
    ...policyLines(byPolicy),
    `  the same policies over today's signatures (all ${without.length} dev logs, fold models; a fit: the families were written from these logs):`,
    ...policyLines(devPolicy),
  ].join('\n');
  // Today's policy over today's signatures must score as diagnoseLog does, or the replay's fusion is not today's.
  return { with: withModel, without, fusedToday: devPolicy.get(POLICIES[0]![0])!, report };
}

/** Ranking policies judged on the replay (firstContactReplay.ts): today's first, then every one tried. */
const POLICIES: [string, RankingPolicy][] = [
  ['signatures lead (today)', signaturesLead],
  ['model orders the close ones', modelAmongClose],
  ['model orders under a family', modelUnderFamily],
  ['blend, model weight 0.5', blend(0.5)],
  ['model picks the memory stage', modelPicksMemoryStage],
];

const judgePolicies = (rows: Map<string, Scored[]>, f: LogFixture, signed: Signed, ranking: SimilarityRanking) => {
  for (const [name, policy] of POLICIES) rows.get(name)!.push(score(f, fuseReplay(signed, ranking, policy)));
};

/** Each policy's summary, then how many logs labelled `unknown` it gave a category. */
function policyLines(rows: Map<string, Scored[]>): string[] {
  const unknown = (list: Scored[]) => list.filter((r) => r.fixture.category === 'unknown').length;
  return [
    ...POLICIES.map(([name]) => formatSummary(`  ${name}`, rows.get(name)!)),
    ...POLICIES.map(([name]) => `    ${name}: logs labelled unknown given a category ${givenCategory(rows.get(name)!)} of ${unknown(rows.get(name)!)}`),
  ];
}

function modelAlone(model: SimilarityModel, text: string) {
  const ranked = scoreSimilarity(model, text)?.ranked ?? [];
  return asDiagnosis(ranked.slice(0, MAX_CANDIDATES).map((r) => r.category));
}

/**
 * diagnoseLog's fusion, over recorded categories: they lead; else the model's guess; then its
 * alternatives fill the tail. With neither, the log stays `unknown` and its resemblances are offered.
 */
function fuseRecorded({ guess, alternatives }: SimilarityRanking, recorded: Category[]): Pick<Diagnosis, 'category' | 'candidates'> {
  const out = recorded.length ? [...recorded] : guess ? [guess.category] : [];
  if (out.length === 0) return { category: 'unknown', candidates: resemblances(alternatives) };
  for (const a of alternatives) if (out.length < MAX_CANDIDATES && !out.includes(a.category)) out.push(a.category);
  return asDiagnosis(out);
}

/** Logs first diagnosed by a knowledge base that shipped no similarity model (batches 3 and 4): their recorded candidates are the signatures' alone. */
const beforeModel = (r: Scored) => (r.fixture.heldOutBatch ?? 0) <= 4;

/** Categories as a diagnosis to score (score reads only each candidate's category). */
const asDiagnosis = (categories: Category[]): Pick<Diagnosis, 'category' | 'candidates'> => ({
  category: categories[0] ?? 'unknown',
  candidates: categories.map((category) => ({ category }) as Candidate),
});
const givenCategory = (rows: Scored[]) => rows.filter((r) => r.fixture.category === 'unknown' && !r.top1).length;
