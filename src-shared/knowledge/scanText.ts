// One pass over the text finds every anchor (the literals derived from the patterns); a pattern
// runs only on the lines holding one of its anchors. A 20 MB log of ordinary lines costs one
// regex scan; the work beyond that grows with the lines that look like failures.

/** A pattern to run on a line, with the literals that must be in the line for it to match. */
export interface LineRule {
  regex: RegExp;
  anchors: string[];
}

export interface ScanIndex {
  rules: LineRule[];
  anchorRegex: RegExp;
  rulesByAnchor: Map<string, number[]>;
}

/** Lines longer than this are read in windows around each anchor (a pasted JSON blob is one line). */
export const MAX_SEGMENT = 8192;
const HALF_WINDOW = 2048;

export function buildScanIndex(rules: LineRule[]): ScanIndex {
  const anchors = [...new Set(rules.flatMap((r) => r.anchors))].sort((a, b) => b.length - a.length);
  const rulesOf = new Map<string, number[]>(anchors.map((a) => [a, []]));
  rules.forEach((rule, index) => rule.anchors.forEach((a) => rulesOf.get(a)!.push(index)));
  // The scan resumes one character after each hit, so it finds overlapping anchors, except one
  // that starts where a longer one does: a hit on an anchor implies every anchor inside it.
  const rulesByAnchor = new Map<string, number[]>();
  for (const a of anchors) {
    const implied = anchors.filter((b) => a.includes(b)).flatMap((b) => rulesOf.get(b)!);
    rulesByAnchor.set(a, [...new Set(implied)]);
  }
  const anchorRegex = new RegExp(anchors.map(escapeRegex).join('|'), 'gi');
  return { rules, anchorRegex, rulesByAnchor };
}

export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Called for each rule that matches a line; return true when the rule needs no more lines. */
export type OnMatch = (rule: number, match: RegExpExecArray, lineNo: number, lineText: string) => boolean | void;

/** Scans `text` and reports rule matches in line order. Returns the number of lines. */
export function scanText(text: string, index: ScanIndex, onMatch: OnMatch): number {
  const done = new Uint8Array(index.rules.length);
  const anchorRegex = new RegExp(index.anchorRegex.source, 'gi');
  const cursor = { pos: 0, line: 1 };
  let segStart = -1;
  let segEnd = -1;
  let segLine = 0;
  let pending = new Set<number>();

  const flush = () => {
    if (pending.size === 0) return;
    const lineText = text.slice(segStart, segEnd).replace(/\r$/, '');
    for (const rule of [...pending].sort((a, b) => a - b)) {
      if (done[rule]) continue;
      const regex = index.rules[rule]!.regex;
      regex.lastIndex = 0;
      const match = regex.exec(lineText);
      if (match && onMatch(rule, match, segLine, lineText)) done[rule] = 1;
    }
    pending = new Set();
  };

  let hit: RegExpExecArray | null;
  while ((hit = anchorRegex.exec(text))) {
    const at = hit.index;
    anchorRegex.lastIndex = at + 1;
    if (at >= segEnd) {
      flush();
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      let lineEnd = text.indexOf('\n', at);
      if (lineEnd < 0) lineEnd = text.length;
      segLine = lineNumberAt(text, lineStart, cursor);
      if (lineEnd - lineStart <= MAX_SEGMENT) {
        segStart = lineStart;
        segEnd = lineEnd;
      } else {
        segStart = Math.max(lineStart, at - HALF_WINDOW);
        segEnd = Math.min(lineEnd, at + HALF_WINDOW);
      }
    }
    for (const rule of index.rulesByAnchor.get(hit[0].toLowerCase()) ?? []) if (!done[rule]) pending.add(rule);
  }
  flush();
  return lineNumberAt(text, text.length, cursor) - (text.endsWith('\n') ? 1 : 0);
}

/** Line number of `offset`, counting forward from the last position asked (offsets only grow). */
function lineNumberAt(text: string, offset: number, cursor: { pos: number; line: number }): number {
  if (offset <= cursor.pos) return cursor.line;
  let next = text.indexOf('\n', cursor.pos);
  while (next >= 0 && next < offset) {
    cursor.line++;
    next = text.indexOf('\n', next + 1);
  }
  cursor.pos = offset;
  return cursor.line;
}
