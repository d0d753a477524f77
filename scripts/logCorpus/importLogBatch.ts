// Imports a batch of real log excerpts collected from public threads into tests/fixtures/logs, after
// scoring them with the knowledge base as it stands (first contact: the knowledge base has never seen
// them). Usage:
//   node scripts/runTs.js scripts/logCorpus/importLogBatch.ts --batch N --kb-commit SHA [--dry-run] DIR…
// Each DIR holds sources.json (an array of {file, category, runtime, backend, os, year, source, url,
// summary, collector, collectedAt}) and the .log files it names. A third of the new threads, chosen by a
// hash of the thread, is the frozen test split: nobody authors against it.
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadKnowledgeBase } from '../../src-main/knowledge/loadKnowledgeBase';
import type { CompiledKnowledgeBase } from '../../src-shared/knowledge/compileKnowledgeBase';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog';
import { LogInputError } from '../../src-shared/knowledge/LogInputError';
import { CATEGORIES } from '../../src-shared/knowledge/KnowledgeEntry';
import { notFrozenAt } from './frozenAt';

const ROOT = process.cwd();
const LOGS = join(ROOT, 'tests', 'fixtures', 'logs');
const CSV = join(LOGS, 'first-contact.csv');
const THREAD = /^[\w.-]+\/[\w.-]+#\d+$/;
const RUNTIMES = ['llama.cpp', 'ollama', 'lmstudio', 'vllm', 'node-llama-cpp', 'llama-cpp-python', 'koboldcpp', 'text-generation-webui', 'localai', 'jan', 'gpt4all', 'other'];

interface Collected {
  file: string;
  category: string;
  runtime: string;
  backend: string;
  os?: string;
  year?: number;
  source: string;
  url: string;
  summary: string;
  collector?: string;
  collectedAt?: string;
}

/** The frozen test third: a thread's hash decides, so the split is fixed before anyone looks. */
export const splitOf = (thread: string): 'dev' | 'test' => (createHash('sha256').update(thread).digest()[0]! % 3 === 0 ? 'test' : 'dev');

function readBatch(dir: string): { dir: string; item: Collected }[] {
  const items = JSON.parse(readFileSync(join(dir, 'sources.json'), 'utf8')) as Collected[];
  return items.map((item) => ({ dir, item }));
}

function problemOf({ dir, item }: { dir: string; item: Collected }, text: string | null): string | null {
  if (!CATEGORIES.includes(item.category as never)) return `category ${item.category}`;
  if (!RUNTIMES.includes(item.runtime)) return `runtime ${item.runtime}`;
  if (!THREAD.test(item.source ?? '')) return `source ${item.source}`;
  if (text === null) return `missing file ${join(dir, item.file)}`;
  if (text.trim().split('\n').length < 1 || text.trim().length < 20) return 'empty excerpt';
  return null;
}

export function main(args: string[]): number {
  const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
  const batch = Number(flag('--batch'));
  const kbCommit = flag('--kb-commit');
  const dryRun = args.includes('--dry-run');
  const dirs = args.filter((a) => a !== '--dry-run');
  if (!Number.isInteger(batch) || batch < 1 || dirs.length === 0) {
    console.error('usage: importLogBatch.ts --batch N --kb-commit SHA [--dry-run] DIR…');
    return 2;
  }
  const notFrozen = notFrozenAt(ROOT, kbCommit);
  if (notFrozen !== null || kbCommit === undefined) {
    console.error(`error: ${notFrozen}`);
    return 2;
  }
  const existing = JSON.parse(readFileSync(join(LOGS, 'sources.json'), 'utf8')) as (Collected & Record<string, unknown>)[];
  const perThread = new Map<string, number>();
  for (const f of existing) perThread.set(f.source, (perThread.get(f.source) ?? 0) + 1);
  const known = new Set(existing.map((f) => f.source));
  const kb = loadKnowledgeBase(join(ROOT, 'resources', 'knowledge-base'));
  const accepted: (Collected & Record<string, unknown>)[] = [];
  const rejected: string[] = [];
  const date = new Date().toISOString();
  for (const entry of dirs.flatMap(readBatch)) {
    const path = join(entry.dir, entry.item.file);
    const text = existsSync(path) ? readFileSync(path, 'utf8') : null;
    const problem = problemOf(entry, text);
    const count = perThread.get(entry.item.source) ?? 0;
    if (problem) { rejected.push(`${path}: ${problem}`); continue; }
    if (known.has(entry.item.source)) { rejected.push(`${path}: thread ${entry.item.source} is already in the corpus`); continue; }
    if (count >= 2) { rejected.push(`${path}: a third excerpt of ${entry.item.source}`); continue; }
    perThread.set(entry.item.source, count + 1);
    const d = firstContact(kb, text!);
    const target = uniqueName(entry.item.category, basename(entry.item.file), accepted);
    accepted.push({
      ...entry.item,
      file: target,
      entry: undefined,
      heldOut: true,
      heldOutBatch: batch,
      split: splitOf(entry.item.source),
      firstContact: { kbCommit, diagnosed: d.category, candidates: d.candidates.map((c) => c.category), date },
    });
    if (!dryRun) {
      mkdirSync(dirname(join(LOGS, target)), { recursive: true });
      copyFileSync(path, join(LOGS, target));
    }
  }
  report(accepted, rejected);
  if (!dryRun) {
    writeFileSync(join(LOGS, 'sources.json'), `${JSON.stringify([...existing, ...accepted.map(strip)], null, 2)}\n`);
    appendCsv(batch, kbCommit, date, accepted);
  }
  return 0;
}

/**
 * The diagnosis a user would have got. A log the app refuses to read (taken for binary data, say) is
 * scored as `refused`: a miss, as it was for the user, and not a reason to leave the log out.
 */
function firstContact(kb: CompiledKnowledgeBase, text: string): { category: string; candidates: { category: string }[] } {
  try {
    return diagnoseLog(kb, { text });
  } catch (error) {
    if (error instanceof LogInputError) return { category: 'refused', candidates: [] };
    throw error;
  }
}

function uniqueName(category: string, name: string, accepted: Collected[]): string {
  let candidate = `${category}/${name}`;
  for (let n = 2; existsSync(join(LOGS, candidate)) || accepted.some((a) => a.file === candidate); n++) candidate = `${category}/${name.replace(/\.log$/, '')}-${n}.log`;
  return candidate;
}

const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

type Row = Collected & { firstContact: { diagnosed: string; candidates: string[] } };
function score(rows: Row[]) {
  const top1 = rows.filter((r) => r.firstContact.diagnosed === r.category).length;
  const top3 = rows.filter((r) => r.firstContact.diagnosed === r.category || r.firstContact.candidates.includes(r.category)).length;
  const real = rows.filter((r) => r.category !== 'unknown');
  const unknown = real.filter((r) => r.firstContact.diagnosed === 'unknown').length;
  return { n: rows.length, top1, top3, unknownRate: real.length ? unknown / real.length : 0 };
}

function report(accepted: Collected[], rejected: string[]) {
  const rows = accepted as Row[];
  const all = score(rows);
  console.log(`accepted ${rows.length} from ${new Set(rows.map((r) => r.source)).size} threads; rejected ${rejected.length}`);
  for (const r of rejected) console.log(`  rejected ${r}`);
  console.log(`first contact: top-1 ${all.top1}/${all.n} (${pct(all.top1, all.n)}), top-3 ${pct(all.top3, all.n)}, unknown on real failures ${(100 * all.unknownRate).toFixed(1)} %`);
  for (const category of CATEGORIES) {
    const s = score(rows.filter((r) => r.category === category));
    if (s.n) console.log(`  ${category.padEnd(30)} ${String(s.top1).padStart(3)}/${String(s.n).padEnd(3)} ${pct(s.top1, s.n)}`);
  }
  for (const split of ['dev', 'test']) {
    const s = score(rows.filter((r) => (r as unknown as { split: string }).split === split));
    console.log(`  split ${split}: ${s.top1}/${s.n} ${pct(s.top1, s.n)}`);
  }
}

function appendCsv(batch: number, kbCommit: string, date: string, accepted: Collected[]) {
  if (!existsSync(CSV)) writeFileSync(CSV, 'date,batch,kb_commit,scope,logs,top1,top3,unknown_rate\n');
  const rows = accepted as Row[];
  const line = (scope: string, r: Row[]) => {
    const s = score(r);
    return `${date},${batch},${kbCommit},${scope},${s.n},${(s.top1 / Math.max(1, s.n)).toFixed(3)},${(s.top3 / Math.max(1, s.n)).toFixed(3)},${s.unknownRate.toFixed(3)}\n`;
  };
  appendFileSync(CSV, line('all', rows) + CATEGORIES.filter((c) => rows.some((r) => r.category === c)).map((c) => line(c, rows.filter((r) => r.category === c))).join(''));
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} %` : '—');
