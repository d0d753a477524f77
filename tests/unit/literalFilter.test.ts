import { describe, expect, it } from 'vitest';
import { literalTests, passesFilter } from '../../src-shared/knowledge/regexAnchors';
import { buildScanIndex, scanText, shapeFilter, shapeOf, type LineRule } from '../../src-shared/knowledge/scanText';
import { knowledgeBase, logFixtures, readLog } from './knowledgeFixtures';

const shapeFilterOf = (pattern: string) => buildScanIndex([{ regex: new RegExp(pattern, 'i'), ...literalTests(pattern) }]).shapeFilters[0];

describe('literal filters', () => {
  it('ask for every literal part of a sequence, digits included, and any branch of an alternation', () => {
    const { anchors, filter } = literalTests('(?:status|code|error)[ :=]{1,2}(?:0xc0000017|3221225495)');
    // The class that follows each word (and precedes each code) joins it: every match holds one of these.
    const words = ['status', 'code', 'error'].flatMap((w) => [' ', ':', '='].map((c) => w + c));
    expect(anchors).toEqual(words);
    const codes = [' ', ':', '='].flatMap((c) => ['0xc0000017', '3221225495'].map((code) => c + code));
    expect(filter).toEqual({ all: [{ any: words.map((lit) => ({ lit })) }, { any: codes.map((lit) => ({ lit })) }] });
    expect(passesFilter(filter!, 'exit status 0xc0000017')).toBe(true);
    expect(passesFilter(filter!, 'exit status 1')).toBe(false);
  });

  it('multiply a few alternatives, small classes and optional parts into longer anchors, each a string every match holds', () => {
    // "prompt" alone is in every "new prompt" and "prompt done" line of a llama-server log.
    expect(literalTests('\\bprompt ?[=:] \\d').anchors).toEqual(['prompt= ', 'prompt: ', 'prompt = ', 'prompt : ']);
    expect(literalTests('\\b(?:ctx|kv)_(?:tokens|depth)\\b').anchors).toEqual(['ctx_tokens', 'ctx_depth', 'kv_tokens', 'kv_depth']);
    // A part after a run gives the strings it starts with; a stretch of characters after a split starts its own run.
    expect(literalTests('n_keep(?::\\s*| \\()\\d+').anchors).toEqual(['n_keep:', 'n_keep (']);
    expect(literalTests('[\\d.]+ [MG](?:i)?B of pinned memory').anchors).toEqual(['b of pinned memory']);
    // A long literal is kept rather than split into its endings, and wide or negated classes are not expanded.
    expect(literalTests('failed to allocate compute (?:pp |tg )?buffers').anchors).toEqual(['failed to allocate compute ']);
    expect(literalTests('id[a-z]_x [^ab]c').anchors).toEqual(['_x ']);
    // No more than 16 strings: beyond, the run stops where it was.
    expect(literalTests('err(?:a|b|c|d|e)(?:f|g|h|i|j)').anchors).toEqual(['erra', 'errb', 'errc', 'errd', 'erre']);
  });

  it('keep, per line shape, only literals without digits, with hex-letter edges trimmed as anchors are', () => {
    expect(shapeFilter({ all: [{ lit: 'status' }, { any: [{ lit: '0xc0000017' }, { lit: 'abort' }] }] })).toEqual({ lit: 'status' });
    expect(shapeFilter({ all: [{ lit: 'b of pinned' }, { lit: 'failed' }] })).toEqual({ all: [{ lit: ' of pinned' }, { lit: 'failed' }] });
    expect(shapeFilter({ lit: 'dead' })).toBeNull();
  });

  it('give no shape filter where it would only repeat the anchors, and skip parts that may be absent or are too short', () => {
    expect(shapeFilterOf('out of memory')).toBeNull();
    expect(shapeFilterOf('out of memory|OOM killer')).toBeNull();
    // "ab" is too short to test, "(?:KV )?" may be absent, `\d+` is no literal.
    expect(shapeFilterOf('ab\\d+ (?:KV )?cache full')).toBeNull();
    expect(shapeFilterOf('failed to allocate \\d+ MiB (?:on|for) (?:CUDA|ROCm)')).toEqual({
      all: [{ lit: 'failed to allocate ' }, { any: [' mib on cuda', ' mib on rocm', ' mib for cuda', ' mib for rocm'].map((lit) => ({ lit })) }],
    });
  });

  it('never turn away a line its pattern matches: every match of every rule in every fixture log passes, and so do lines of its shape', () => {
    const kb = knowledgeBase();
    // The same rules without filters, so that every rule runs on every line holding its anchors.
    const index = buildScanIndex(kb.index.rules.map((r): LineRule => ({ regex: r.regex, anchors: r.anchors })));
    expect(kb.index.shapeFilters.filter(Boolean).length).toBeGreaterThan(100);
    let checked = 0;
    const turnedAway: string[] = [];
    for (const fixture of logFixtures()) {
      scanText(readLog(fixture.file), index, (rule, _match, _line, lineText) => {
        const filter = kb.index.shapeFilters[rule];
        if (!filter) return;
        checked++;
        // The same shape with other digits (the scan reuses the first line's answer for them).
        const sibling = lineText.replace(/\d+/g, (d) => String(Number(d.slice(0, 6)) + 7));
        expect(shapeOf(sibling, 0, sibling.length, kb.index.foldHex)).toBe(shapeOf(lineText, 0, lineText.length, kb.index.foldHex));
        for (const text of [lineText, sibling]) if (!passesFilter(filter, text.toLowerCase())) turnedAway.push(`${fixture.file}: /${kb.index.rules[rule]!.regex.source.slice(0, 80)}/ on ${text.slice(0, 120)}`);
      });
    }
    expect(checked).toBeGreaterThan(1000);
    expect(turnedAway).toEqual([]);
  });
});

describe('scanText with literal filters', () => {
  /** A rule whose regex counts its runs (on the scan's lines, not the 1,000-character compile subject). */
  function counted(pattern: string): { rule: LineRule; runs: () => number } {
    const { anchors, filter } = literalTests(pattern);
    const regex = new RegExp(pattern, 'i');
    let runs = 0;
    const exec = regex.exec.bind(regex);
    regex.exec = (s: string) => {
      // The warm-up run that compiles the regex (the line padded with U+0001, see scanText's compileNatively) reads nothing.
      if (!s.endsWith('\u0001')) runs++;
      return exec(s);
    };
    return { rule: { regex, anchors, filter }, runs: () => runs };
  }

  it('runs a rule only on lines holding its filter, and not again on a repeated line it did not match', () => {
    const gpu = counted('failed to allocate (?:CUDA|ROCm)\\d buffer of size (?<bytes>\\d+)');
    const lines = ['failed to allocate memory for the tokenizer', 'failed to allocate CUDA0 buffer of size 1024', 'failed to allocate ROCm buffer of size 77'];
    const text = Array.from({ length: 30 }, (_, i) => lines[i % 3]!).join('\n');
    const seen: string[] = [];
    scanText(text, buildScanIndex([gpu.rule]), (_rule, match, line) => void seen.push(`${line}:${match.groups!.bytes}`));
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => `${3 * i + 2}:1024`));
    // The tokenizer line lacks "buffer of size" and never runs; the one without a device number runs
    // once, when first seen, and so does the matching one (its repeats replay the match).
    expect(gpu.runs()).toBe(2);
  });
});
