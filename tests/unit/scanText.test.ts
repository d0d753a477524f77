import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildScanIndex, escapeRegex, LONG_LINE_CHUNK, MAX_SEGMENT, scanText, type LineRule } from '../../src-shared/knowledge/scanText';

const rules: LineRule[] = [
  { regex: /out of memory/i, anchors: ['out of memory'] },
  { regex: /n_ctx\s*=\s*(\d+)/i, anchors: ['n_ctx'] },
  { regex: /runtime: (\w+)/i, anchors: ['runtime: '] },
];

/** Every (rule, line, matched text) the scan reports; rule 2 retires after its first match. */
function scan(text: string): string[] {
  const seen: string[] = [];
  scanText(text, buildScanIndex(rules), (rule, match, line) => {
    seen.push(`${rule}@${line}:${match[0]}`);
    return rule === 2;
  });
  return seen;
}

describe('scanText', () => {
  it('reports the same matches whether lines repeat verbatim or differ in their numbers', () => {
    const lines = ['runtime: llama', 'n_ctx = 4096', 'idle', 'CUDA out of memory', 'request done'];
    const verbatim = Array.from({ length: 30_000 }, (_, i) => lines[i % lines.length]!).join('\n');
    const varied = Array.from({ length: 30_000 }, (_, i) => `${lines[i % lines.length]!} ${i}`).join('\n');
    const a = scan(verbatim);
    const b = scan(varied);
    expect(a.length).toBe(1 + 6_000 + 6_000);
    expect(b).toEqual(a);
  });

  it('says when a match is the one the same text gave before (the same object), and only then', () => {
    const text = ['n_ctx = 4096', 'n_ctx = 8192', 'n_ctx = 4096', 'n_ctx = 4096'].join('\n');
    const seen: { line: number; value: string; reused: boolean; match: RegExpExecArray }[] = [];
    scanText(text, buildScanIndex(rules), (_rule, match, line, _text, _span, reused) => void seen.push({ line, value: match[1]!, reused, match }));
    expect(seen.map((s) => [s.line, s.value, s.reused])).toEqual([
      [1, '4096', false],
      [2, '8192', false],
      [3, '4096', true],
      [4, '4096', true],
    ]);
    expect(seen[2]!.match).toBe(seen[0]!.match);
  });

  it('reads a long line in windows around live anchors, also after rules retired', () => {
    const filler = 'x'.repeat(MAX_SEGMENT);
    const text = ['runtime: llama', `${filler} runtime: other ${filler} n_ctx = 512 ${filler} out of memory`, 'runtime: again'].join('\n');
    expect(scan(text)).toEqual(['2@1:runtime: llama', '1@2:n_ctx = 512', '0@2:out of memory']);
  });
});

/**
 * How a long line was read before the anchor table found its windows: the regex of the live anchors
 * (longest first) finds the next window's start, and the window runs the rules anchored from there
 * on. A model to check the table-driven scan against.
 */
function scanLongLineByRegex(line: string, ruleList: LineRule[], retires: (rule: number) => boolean): string[] {
  const index = buildScanIndex(ruleList);
  const done = new Set<number>();
  const seen: string[] = [];
  const anchorsOfLive = () => [...index.rulesByAnchor].filter(([, r]) => r.some((x) => !done.has(x))).map(([a]) => a);
  let from = 0;
  while (from < line.length) {
    const live = new RegExp(anchorsOfLive().map(escapeRegex).join('|') || '(?!)', 'gi');
    live.lastIndex = from;
    const hit = live.exec(line);
    if (!hit) break;
    const winStart = Math.max(0, hit.index - 2048);
    const winEnd = Math.min(line.length, hit.index + 2048);
    const all = new RegExp(index.anchorRegex.source, 'gi');
    const pending = new Set<number>();
    all.lastIndex = hit.index;
    for (let h = all.exec(line); h && h.index < winEnd; all.lastIndex = h.index + 1, h = all.exec(line)) for (const r of index.rulesByAnchor.get(h[0].toLowerCase())!) pending.add(r);
    for (const r of [...pending].sort((a, b) => a - b)) {
      const m = done.has(r) ? null : ruleList[r]!.regex.exec(line.slice(winStart, winEnd));
      if (m) seen.push(`${r}@1:${m.index}:${m[0]}`);
      if (m && retires(r)) done.add(r);
    }
    from = winEnd;
  }
  return seen;
}

describe('scanText on long lines', () => {
  it('finds the windows the live-anchor regex found, on random long lines (also with text lower-casing lengthens)', () => {
    const longRules: LineRule[] = [
      { regex: /out of memory/i, anchors: ['out of memory'] },
      { regex: /failed to allocate (\w+)/i, anchors: ['failed to allocate'] },
      { regex: /alloc\w*/i, anchors: ['alloc'] },
      { regex: /ctx = (\d+)/i, anchors: ['ctx = '] },
      { regex: /šum/i, anchors: ['šum'] },
    ];
    const retiring = (r: number) => r % 2 === 0;
    const piece = fc.oneof(
      fc.constantFrom('Out Of Memory', 'failed to allocate buffer', 'ALLOC', 'ctx = 512', 'ŠUM', 'İ'),
      fc.integer({ min: 1, max: 6000 }).map((n) => 'x'.repeat(n)),
      fc.string({ unit: fc.constantFrom('a', 'l', 'o', 'c', ' ', 'š', 'İ', 'x'), maxLength: 30 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 40 }), (pieces) => {
        const line = `${'y'.repeat(MAX_SEGMENT + 1)}${pieces.join(' ')}`;
        const seen: string[] = [];
        scanText(line, buildScanIndex(longRules), (rule, match, lineNo) => {
          // The match's offset in the window it was read in pins the window, not only the match.
          seen.push(`${rule}@${lineNo}:${match.index}:${match[0]}`);
          return retiring(rule);
        });
        expect(seen).toEqual(scanLongLineByRegex(line, longRules, retiring));
      }),
      { numRuns: 600 },
    );
  });

  it('finds an anchor that starts on either side of a chunk boundary or straddles it', () => {
    for (let shift = -16; shift <= 16; shift++) {
      const line = `${'x'.repeat(LONG_LINE_CHUNK + shift)}Out Of Memory${'x'.repeat(MAX_SEGMENT)}`;
      expect(scan(line), `anchor at ${LONG_LINE_CHUNK + shift}`).toEqual(['0@1:Out Of Memory']);
    }
  });
});
