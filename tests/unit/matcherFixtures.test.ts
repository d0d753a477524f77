import { describe, expect, it } from 'vitest';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog';
import type { Diagnosis } from '../../src-shared/knowledge/Diagnosis';
import { CATEGORIES, type Category } from '../../src-shared/knowledge/KnowledgeEntry';
import { formatSummary, score } from '../support/diagnoseAccuracy';
import { authoredFixtures, knowledgeBase, logFixtures, readLog, type LogFixture } from './knowledgeFixtures';

// The real log excerpts the knowledge base was written from, against it: the best candidate's
// category must be the fixture's, and the report prints accuracy per category, cross-category
// matches, and how the held-out batches (collected after the knowledge base was frozen) fared.
// The TEST split (a third of the threads of batch 3 on, set aside by a hash of the thread before
// anyone authored against it) is never asserted on here: only tests/bench/diagnoseAccuracy prints
// its aggregate figures, so that nothing is tuned to it.

// Per-fixture exactness holds for the fixtures the knowledge base was written from; the split corpus
// (batch 3 on) is measured in aggregate by `npm run bench` (diagnoseAccuracy), its test third never tuned to.
const fixtures = authoredFixtures();
const results = fixtures.map((fixture) => ({ fixture, diagnosis: diagnoseLog(knowledgeBase(), { text: readLog(fixture.file) }) }));
const correct = (r: { fixture: LogFixture; diagnosis: Diagnosis }) => r.diagnosis.category === r.fixture.category;
const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} %` : '—');

function table(rows: { fixture: LogFixture; ok: boolean }[]): string {
  return CATEGORIES.map((category) => {
    const inCategory = rows.filter((r) => r.fixture.category === category);
    const ok = inCategory.filter((r) => r.ok).length;
    return `  ${category.padEnd(30)} ${String(ok).padStart(3)}/${String(inCategory.length).padEnd(3)} ${pct(ok, inCategory.length)}`;
  }).join('\n');
}

describe(`the matcher on ${fixtures.length} real log excerpts`, () => {
  it('diagnoses every fixture to its category (top-1), apart from the documented misses', () => {
    const wrong = results.filter((r) => !correct(r) && !r.fixture.knownMiss);
    expect(wrong.map((r) => `${r.fixture.file}: expected ${r.fixture.category}, got ${r.diagnosis.category} [${r.diagnosis.matches.map((m) => m.id).join(', ')}]`)).toEqual([]);
    for (const r of results.filter((x) => x.fixture.knownMiss)) expect(correct(r), `${r.fixture.file} is a known miss: remove the note if it passes`).toBe(false);
  });

  it('reaches at least 95 % top-1 category accuracy, per category reported', () => {
    const rows = results.map((r) => ({ fixture: r.fixture, ok: correct(r) }));
    const ok = rows.filter((r) => r.ok).length;
    console.log(`Top-1 category accuracy on all fixtures: ${ok}/${rows.length} = ${pct(ok, rows.length)}\n${table(rows)}`);
    expect(ok / rows.length).toBeGreaterThanOrEqual(0.95);
  });

  it('offers the right category among its candidates (top-3) and says unknown only when nothing relevant is there', () => {
    const scored = results.map((r) => score(r.fixture, r.diagnosis));
    console.log(formatSummary('fixtures written from', scored));
    expect(scored.filter((r) => !r.top3 && !r.fixture.knownMiss).map((r) => r.fixture.file)).toEqual([]);
    expect(scored.filter((r) => r.unknownMiss).length / scored.filter((r) => r.fixture.category !== 'unknown').length).toBeLessThanOrEqual(0.03);
  });

  it("puts each fixture's expected entry first", () => {
    const wrong = results.filter((r) => r.fixture.entry && !r.fixture.knownMiss && r.diagnosis.matches[0]?.id !== r.fixture.entry);
    expect(wrong.map((r) => `${r.fixture.file}: expected ${r.fixture.entry}, got ${r.diagnosis.matches[0]?.id}`)).toEqual([]);
    for (const r of results.filter((x) => x.fixture.category === 'unknown' && !x.fixture.entry)) expect(r.diagnosis.matches, r.fixture.file).toEqual([]);
  });

  it('matches an entry on unrelated fixtures rarely, and never above the right one', () => {
    // Some failures co-occur in one log (an OOM run also shows a partial offload), so a
    // secondary match of another category is allowed, but no entry may do it often.
    const perEntry = new Map<string, string[]>();
    for (const { fixture, diagnosis } of results) {
      for (const m of diagnosis.matches.slice(1)) {
        if (m.category !== fixture.category) perEntry.set(m.id, [...(perEntry.get(m.id) ?? []), fixture.file]);
      }
    }
    const unrelated = (category: Category) => fixtures.filter((f) => f.category !== category).length;
    const lines = [...perEntry].map(([id, files]) => `  ${id}: ${files.length} (${files.join(', ')})`);
    console.log(`Secondary matches of another category:\n${lines.join('\n') || '  none'}`);
    for (const [id, files] of perEntry) {
      const category = knowledgeBase().entries.find((e) => e.id === id)!.category;
      expect(files.length / unrelated(category), id).toBeLessThanOrEqual(0.03);
    }
  });

  it('reports the held-out batches: at first contact (the frozen knowledge base) and now', () => {
    const lines: string[] = [];
    const all = logFixtures().filter((f) => f.heldOut).map((fixture) => ({ fixture, diagnosis: diagnoseLog(knowledgeBase(), { text: readLog(fixture.file) }) }));
    const batches = [...new Set(all.map((r) => r.fixture.heldOutBatch!))].sort();
    for (const batch of batches) {
      const held = all.filter((r) => r.fixture.heldOutBatch === batch);
      const first = held.filter((r) => r.fixture.firstContact?.diagnosed === r.fixture.category).length;
      const now = held.filter(correct).length;
      lines.push(`  batch ${batch} (${held.length} logs, KB ${held[0]?.fixture.firstContact?.kbCommit}): first contact ${first}/${held.length} = ${pct(first, held.length)}, now ${now}/${held.length} = ${pct(now, held.length)}`);
      expect(held.every((r) => r.fixture.firstContact)).toBe(true);
    }
    const firstRows = all.map((r) => ({ fixture: r.fixture, ok: r.fixture.firstContact?.diagnosed === r.fixture.category }));
    console.log(`Held-out logs (collected after freezing the knowledge base, never used to write its patterns before first contact):\n${lines.join('\n')}\n  first contact per category:\n${table(firstRows)}`);
    expect(firstRows.length).toBeGreaterThan(0);
  });
});

// The dev parts of batches 3 and 4: families and entries were shaped on them (batch 4's dev part only
// after its first contact was recorded), so these are floors against regressions, not a measure of
// generalisation (that is the frozen test split, printed in aggregate by tests/bench/diagnoseAccuracy).
// The test split is not read here.
describe('the matcher on the dev split of the corpus', () => {
  const dev = logFixtures().filter((f) => f.split === 'dev' && (f.heldOutBatch === 3 || f.heldOutBatch === 4));
  const scored = dev.map((f) => score(f, diagnoseLog(knowledgeBase(), { text: readLog(f.file) })));
  const share = (pick: (r: (typeof scored)[number]) => boolean, rows = scored) => rows.filter(pick).length / rows.length;

  it('keeps top-1 ≥ 95 %, top-3 ≥ 98 % and unknown on ≤ 1 % of real failures', () => {
    console.log(formatSummary('dev split of batches 3 and 4', scored));
    expect(dev.length).toBeGreaterThan(250);
    expect(share((r) => r.top1)).toBeGreaterThanOrEqual(0.95);
    expect(share((r) => r.top3)).toBeGreaterThanOrEqual(0.98);
    expect(share((r) => r.unknownMiss, scored.filter((r) => r.fixture.category !== 'unknown'))).toBeLessThanOrEqual(0.01);
  });

  // Batch 5's dev part, learned from after its first contact (82 % top-1) was recorded.
  it('keeps top-1 ≥ 97 % and top-3 = 100 % on the dev part of batch 5', () => {
    const batch5 = logFixtures().filter((f) => f.split === 'dev' && f.heldOutBatch === 5);
    const rows = batch5.map((f) => score(f, diagnoseLog(knowledgeBase(), { text: readLog(f.file) })));
    console.log(formatSummary('dev split of batch 5', rows));
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(share((r) => r.top1, rows)).toBeGreaterThanOrEqual(0.97);
    expect(share((r) => r.top3, rows)).toBe(1);
  });
});

// Logs of genuine runs made for this check (not from issue threads): the llama.cpp that
// node-llama-cpp bundles, built for CUDA and run out of memory on purpose on an H200 (its terse
// default log names no device and no free memory), PyTorch's current wording, and a KV cache in RAM.
describe('the matcher on logs of genuine runs made to fail', () => {
  interface Run {
    file: string;
    category: Category;
    entry: string | null;
    how: string;
    firstContact: { kbCommit: string; diagnosed: string };
  }
  const dir = 'local-runs';
  const runs = JSON.parse(readLog(`${dir}/runs.json`)) as Run[];

  it('diagnoses each to its category and entry, and reports first contact', () => {
    const rows = runs.map((run) => ({ run, d: diagnoseLog(knowledgeBase(), { text: readLog(`${dir}/${run.file}`) }) }));
    const first = rows.filter((r) => r.run.firstContact.diagnosed === r.run.category).length;
    console.log(`Genuine runs: first contact ${first}/${rows.length}, now ${rows.filter((r) => r.d.category === r.run.category).length}/${rows.length}\n${rows.map((r) => `  ${r.run.file}: ${r.d.category} (first contact ${r.run.firstContact.diagnosed})`).join('\n')}`);
    for (const { run, d } of rows) {
      expect(d.category, run.file).toBe(run.category);
      expect(d.matches[0]?.id ?? null, run.file).toBe(run.entry);
    }
  });

  it('reads the numbers of the H200 runs, and puts flash attention first for the compute OOM that -fa on fixed', () => {
    const kv = diagnoseLog(knowledgeBase(), { text: readLog(`${dir}/llama-server-cuda-h200-kv-oom.log`) });
    expect(kv.extracted).toMatchObject({ contextSize: 36804608, requestedMiB: 287536, device: 'CUDA0', backend: 'cuda' });
    const compute = diagnoseLog(knowledgeBase(), { text: readLog(`${dir}/llama-server-cuda-h200-compute-oom-fa-off.log`) });
    expect(compute.extracted).toMatchObject({ requestedMiB: 107826.51, device: 'CUDA0' });
    expect(compute.matches[0]!.fixes[0]!.change).toEqual({ flashAttention: true });
    // The probe's own CUDA runs: with flash attention already on, "turn it on" is no fix; with it off, the
    // pool OOM mid-prompt gets it among the first two (the same probe then ran 9,984 tokens with it on).
    const computeFaOn = diagnoseLog(knowledgeBase(), { text: readLog(`${dir}/node-llama-cpp-cuda-h200-compute-oom-at-context.log`) });
    expect(computeFaOn.extracted).toMatchObject({ flashAttention: true, requestedMiB: 146.01, contextSize: 10240 });
    expect(computeFaOn.matches[0]!.fixes.map((f) => f.change.flashAttention)).not.toContain(true);
    expect(computeFaOn.matches[0]!.fixes[0]!.change).toMatchObject({ batchSize: 256 });
    const pool = diagnoseLog(knowledgeBase(), { text: readLog(`${dir}/node-llama-cpp-cuda-h200-pool-oom-during-prompt.log`) });
    expect(pool.extracted).toMatchObject({ oomStage: 'eval', computeMiB: 1241.01 });
    expect(pool.matches[0]!.fixes.slice(0, 2).map((f) => f.change)).toContainEqual({ flashAttention: true });
    const torch = diagnoseLog(knowledgeBase(), { text: readLog(`${dir}/pytorch-2.11-cuda-h200-oom.log`) });
    expect(torch.extracted).toMatchObject({ requestedMiB: 122880, totalMiB: 143155.2, freeMiB: 101672.96 });
  });
});
