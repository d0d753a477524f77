import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorsWithin, buildAnchorTable, findAnchors, type AnchorTable } from '../../src-shared/knowledge/anchorTable';
import { escapeRegex } from '../../src-shared/knowledge/scanText';
import { knowledgeBase, logFixtures, readLog } from './knowledgeFixtures';

/** What the scan found before the table: one case-insensitive alternation, longest first… */
function alternation(anchors: string[]): RegExp {
  const sorted = [...anchors].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map(escapeRegex).join('|'), 'gi');
}

/** …resumed one character after each hit. */
function byRegex(regex: RegExp, line: string): string[] {
  regex.lastIndex = 0;
  const found: string[] = [];
  let hit: RegExpExecArray | null;
  while ((hit = regex.exec(line))) {
    regex.lastIndex = hit.index + 1;
    found.push(`${hit.index}:${hit[0].toLowerCase()}`);
  }
  return found;
}

function byTable(table: AnchorTable, line: string): string[] {
  const found: string[] = [];
  const lower = line.toLowerCase();
  findAnchors(table, lower, 0, lower.length, (anchor, at) => {
    found.push(`${at}:${anchor}`);
  });
  return found;
}

describe('findAnchors', () => {
  it('finds what the case-insensitive alternation found, on random lines and anchors', () => {
    // 'š' (U+0161) and 'Š' share their low byte with 'a' and '`': the table's pair filter keys on low bytes.
    // 'd', 'e' and 'g' end in the bits 'a'-'c' leave clear: the three-character filter is a bitset.
    // 'š' (353) and 'ű' (369) share a class of the trie (non-ASCII characters share 16, by code).
    const alphabet = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'g', 'A', 'B', 'E', ' ', ':', 'x', 'š', 'Š', 'ű', 'Ű', '`');
    const anchor = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'g', ' ', ':', 'š', 'ű'), minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.uniqueArray(anchor, { minLength: 1, maxLength: 12 }), fc.string({ unit: alphabet, maxLength: 60 }), (anchors, line) => {
        expect(byTable(buildAnchorTable(anchors), line)).toEqual(byRegex(alternation(anchors), line));
      }),
      { numRuns: 1000 },
    );
  });

  it('finds what the alternation found on every line of every real log, with the shipped anchors', () => {
    const anchors = [...knowledgeBase().index.rulesByAnchor.keys()];
    const lines = [...new Set(logFixtures().flatMap((f) => readLog(f.file).split('\n')))].filter((l) => l.toLowerCase().length === l.length);
    expect(lines.length).toBeGreaterThan(3000);
    // Built once: rebuilding the table and the alternation of ~3,100 anchors for each of the ~10,000 lines took minutes.
    const table = buildAnchorTable(anchors);
    const regex = alternation(anchors);
    const mismatches = lines.filter((l) => byTable(table, l).join() !== byRegex(regex, l).join());
    expect(mismatches).toEqual([]);
  });
});

describe('anchorsWithin', () => {
  it('finds every anchor inside an anchor, as testing each against each did', () => {
    const anchor = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', ':', 'š', 'ű'), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.uniqueArray(anchor, { minLength: 1, maxLength: 15 }), (anchors) => {
        const table = buildAnchorTable(anchors);
        for (const a of anchors) expect(anchorsWithin(table, a).sort()).toEqual(anchors.filter((b) => a.includes(b)).sort());
      }),
      { numRuns: 1000 },
    );
  });
});
