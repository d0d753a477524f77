// Runs INSIDE a temporary checkout of an older commit (replayFirstContact.ts copies it there), so the
// imports below are that commit's loader, knowledge base and diagnoseLog, not today's. Usage (from
// that checkout): node scripts/runTs.js scripts/logCorpus/replayFirstContactWorker.ts LIST.json OUT.json
// LIST holds [{file, path}] (dev-split logs only); OUT gets one row per log: the diagnosis with the
// similarity model disabled, so its candidates are the entries' and families' own.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeBase } from '../../src-main/knowledge/loadKnowledgeBase';
import { compileKnowledgeBase } from '../../src-shared/knowledge/compileKnowledgeBase';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog';

/** The fields every commit's diagnosis has had (families from the commit that introduced them). */
interface OldDiagnosis {
  category: string;
  candidates: { category: string; confidence: number; basis: string; entryId: string | null }[];
  matches: { id: string; category: string; confidence: number; score: number }[];
  families?: { signals: Record<string, number>; resource: string | null; stage?: string | null };
}

export function main(args: string[]): number {
  const [list, out] = args;
  if (!list || !out) {
    console.error('usage: replayFirstContactWorker.ts LIST.json OUT.json');
    return 2;
  }
  const logs = JSON.parse(readFileSync(list, 'utf8')) as { file: string; path: string }[];
  const loaded = loadKnowledgeBase(join(process.cwd(), 'resources', 'knowledge-base'));
  const modelShipped = Boolean((loaded as { similarity?: unknown }).similarity);
  const kb = { ...loaded, similarity: undefined };
  const familiesOnly = compileKnowledgeBase([]);
  const rows = logs.map(({ file, path }) => {
    const text = readFileSync(path, 'utf8');
    const d = diagnoseOrRefuse(() => diagnoseLog(kb, { text }) as unknown as OldDiagnosis);
    if (!d) return { file, diagnosed: 'refused', candidates: [], matches: [], familiesAlone: [] };
    // Families alone (no entries): their own confidences, before an entry capped them.
    const alone = diagnoseLog(familiesOnly, { text }) as unknown as OldDiagnosis;
    return {
      file,
      diagnosed: d.category,
      candidates: d.candidates.map((c) => ({ category: c.category, confidence: c.confidence, basis: c.basis, entryId: c.entryId })),
      matches: d.matches.map((m) => ({ id: m.id, category: m.category, confidence: m.confidence })),
      familiesAlone: alone.candidates.map((c) => ({ category: c.category, confidence: c.confidence })),
      ...(d.families ? { signals: d.families.signals } : {}),
    };
  });
  writeFileSync(out, JSON.stringify({ modelShipped, rows }));
  return 0;
}

/**
 * A log that commit's input check refused (from batch 29's freeze on, a paste it judged binary) is what
 * importLogBatch.ts recorded as `refused` with no candidates; the LogInputError class is matched by name,
 * since older commits do not have it.
 */
function diagnoseOrRefuse(run: () => OldDiagnosis): OldDiagnosis | null {
  try {
    return run();
  } catch (error) {
    if (error instanceof Error && error.name === 'LogInputError') return null;
    throw error;
  }
}
