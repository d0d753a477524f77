import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileKnowledgeBase, KnowledgeBaseError } from '../../src-shared/knowledge/compileKnowledgeBase';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog';
import { CATEGORIES, KnowledgeEntrySchema, type KnowledgeEntry } from '../../src-shared/knowledge/KnowledgeEntry';
import { RuntimeSchema } from '../../src-shared/contract/settings';
import { KB_DIR, knowledgeBase, logFixtures } from './knowledgeFixtures';
import { FAILURES_MADE_FOR_REAL } from '../support/failuresMadeForReal';

const files = readdirSync(KB_DIR).filter((f) => f.endsWith('.json'));
const raw = files.map((file) => ({ file, data: JSON.parse(readFileSync(join(KB_DIR, file), 'utf8')) as Record<string, unknown> }));

const entry = (over: Partial<KnowledgeEntry> = {}): unknown => ({
  id: 'test-entry',
  title: 'A test entry of the knowledge base',
  category: 'gpu_oom_weights',
  runtimes: ['llama.cpp'],
  backends: ['cuda'],
  signatures: [{ pattern: 'cudaMalloc failed: out of memory', weight: 8 }],
  cause: 'Because the test says so, in plain words.',
  fixes: [{ title: 'Lower the context', change: { contextSize: 4096 }, commands: { 'llama.cpp': '-c {contextSize}' } }],
  references: ['ggml-org/llama.cpp#1'],
  ...over,
});

const problemsOf = (data: unknown): string[] => {
  try {
    compileKnowledgeBase([{ source: 'bad.json', data }]);
    return [];
  } catch (error) {
    if (error instanceof KnowledgeBaseError) return error.problems;
    throw error;
  }
};

describe('the knowledge base in resources/knowledge-base', () => {
  it('has at least 40 entries, one file each, named after its id, each valid against the schema', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const { file, data } of raw) {
      const parsed = KnowledgeEntrySchema.safeParse(data);
      expect(parsed.success, `${file}: ${parsed.error?.message}`).toBe(true);
      expect(file).toBe(`${String(data.id)}.json`);
    }
    expect(knowledgeBase().entries).toHaveLength(files.length);
  });

  it('covers every failure category, and the categories CUDA, ROCm, Metal, Vulkan and CPU', () => {
    const entries = knowledgeBase().entries;
    for (const category of CATEGORIES) expect(entries.some((e) => e.category === category), category).toBe(true);
    for (const backend of ['cuda', 'rocm', 'metal', 'vulkan', 'cpu'] as const) {
      const categories = new Set(entries.filter((e) => e.backends.includes(backend)).map((e) => e.category));
      expect(categories.size, `${backend} covers ${[...categories].join(', ')}`).toBeGreaterThanOrEqual(7);
    }
  });

  it('has every log entry (at least 40) backed by a real log fixture with its public source', () => {
    const byEntry = new Map<string, number>();
    for (const f of logFixtures()) if (f.entry) byEntry.set(f.entry, (byEntry.get(f.entry) ?? 0) + 1);
    // Entries that look only at probe steps are verified with probe evidence in matcher.test.ts; those
    // for node-llama-cpp's own messages, by its failures made for real (diagnoseNodeLlamaCpp.test.ts).
    const probeOnly = (e: KnowledgeEntry) => e.signatures.length === 0 && e.conditions.every((c) => c.kind.startsWith('probe'));
    for (const f of Object.values(FAILURES_MADE_FOR_REAL)) if (f.entry) byEntry.set(f.entry, (byEntry.get(f.entry) ?? 0) + 1);
    for (const e of knowledgeBase().entries.filter((x) => !probeOnly(x))) expect(byEntry.get(e.id) ?? 0, `${e.id} has no fixture`).toBeGreaterThan(0);
    expect(knowledgeBase().entries.filter((x) => !probeOnly(x)).length).toBeGreaterThanOrEqual(40);
    for (const f of logFixtures()) {
      expect(f.source).toMatch(/^[\w.-]+\/[\w.-]+#\d+$/);
      expect(f.url).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(issues|pull|discussions)\/\d+$/);
    }
  });

  it('orders fixes with concrete changes, and command lines for the runtimes only', () => {
    for (const e of knowledgeBase().entries) {
      for (const fix of e.fixes) {
        expect(Object.keys(fix.change).length, `${e.id}: ${fix.title}`).toBeGreaterThan(0);
        for (const runtime of Object.keys(fix.commands)) expect(RuntimeSchema.options).toContain(runtime);
      }
    }
  });

  it('prints its size by category, backend and runtime', () => {
    const entries = knowledgeBase().entries;
    const count = (key: (e: KnowledgeEntry) => string[]) => {
      const counts = new Map<string, number>();
      for (const e of entries) for (const k of key(e)) counts.set(k, (counts.get(k) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
    };
    console.log(`Knowledge base: ${entries.length} entries, ${entries.reduce((n, e) => n + e.signatures.length, 0)} signatures, ${entries.reduce((n, e) => n + e.conditions.length, 0)} conditions, ${entries.reduce((n, e) => n + e.fixes.length, 0)} fixes
  by category: ${count((e) => [e.category])}
  by backend:  ${count((e) => e.backends)}
  by runtime:  ${count((e) => e.runtimes)}`);
    expect(entries.length).toBeGreaterThan(0);
  });
});

describe('knowledge-base validation names the problem', () => {
  it('accepts a well-formed entry', () => {
    expect(problemsOf(entry())).toEqual([]);
  });

  it('rejects a schema violation with the field path', () => {
    expect(problemsOf(entry({ category: 'gpu_on_fire' as never }))).toEqual([expect.stringMatching(/^bad\.json: category: /)]);
    expect(problemsOf(entry({ fixes: [] }))).toEqual([expect.stringMatching(/fixes/)]);
    expect(problemsOf(entry({ references: ['a thread somewhere'] }))).toEqual([expect.stringMatching(/references\.0/)]);
  });

  it('rejects lookaround, backreferences, and patterns without a literal anchor', () => {
    expect(problemsOf(entry({ signatures: [{ pattern: 'out of (?=memory)', weight: 5 }] })).join()).toMatch(/Lookaround/);
    expect(problemsOf(entry({ signatures: [{ pattern: '(memory) \\1', weight: 5 }] })).join()).toMatch(/Backreferences/);
    expect(problemsOf(entry({ signatures: [{ pattern: '\\d+ \\w+', weight: 5 }] })).join()).toMatch(/no literal/);
  });

  it('rejects capture groups that are not facts, and placeholders without a value', () => {
    expect(problemsOf(entry({ signatures: [{ pattern: 'allocating (?<vram>\\d+) MiB', weight: 5 }] })).join()).toMatch(/"vram" is not a fact name/);
    const fixes = [{ title: 'Lower the layers', change: { contextSize: 4096 }, commands: { 'llama.cpp': '-ngl {gpuLayers}' } }];
    expect(problemsOf(entry({ fixes })).join()).toMatch(/placeholder \{gpuLayers\} has no value/);
  });

  it('counts a support signature only beside another positive match', () => {
    const kb = compileKnowledgeBase([
      {
        source: 'a.json',
        data: entry({
          threshold: 4,
          signatures: [
            { pattern: 'CUDA out of memory', weight: 4 },
            { pattern: ' in forward\\b', weight: 6, support: true },
          ],
        }),
      },
    ]);
    const frame = '  File "model.py", line 9, in forward\nAssertionError: sinks need another backend';
    expect(diagnoseLog(kb, { text: frame }).matches).toEqual([]);
    const both = diagnoseLog(kb, { text: `${frame}\ntorch.OutOfMemoryError: CUDA out of memory.` });
    expect(both.matches[0]).toMatchObject({ id: 'test-entry', score: 10 });
  });

  it('rejects two entries with one id', () => {
    expect(() => compileKnowledgeBase([{ source: 'a.json', data: entry() }, { source: 'b.json', data: entry() }])).toThrow(/"test-entry" is used by 2 entries/);
  });
});
