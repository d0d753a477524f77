// The scan finds, line by line, the anchors (the literals derived from the patterns) with one
// regex, and runs a pattern only on the lines holding one of its anchors. Logs repeat the same
// lines with other numbers, so a line whose shape (its text with digit runs folded) held no anchor
// before is skipped: anchors contain no digits, so the same shape holds the same anchors.

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
/** Shapes remembered; beyond this, lines are simply scanned. */
const MAX_SHAPES = 200_000;

export function buildScanIndex(rules: LineRule[]): ScanIndex {
  const anchors = [...new Set(rules.flatMap((r) => r.anchors))].sort((a, b) => b.length - a.length);
  const rulesOf = new Map<string, number[]>(anchors.map((a) => [a, []]));
  rules.forEach((rule, index) => rule.anchors.forEach((a) => rulesOf.get(a)!.push(index)));
  // Matching resumes one character after each hit, so overlapping anchors are found, except one
  // that starts where a longer one does: a hit on an anchor implies every anchor inside it.
  const rulesByAnchor = new Map<string, number[]>();
  for (const a of anchors) {
    const implied = anchors.filter((b) => a.includes(b)).flatMap((b) => rulesOf.get(b)!);
    rulesByAnchor.set(a, [...new Set(implied)]);
  }
  const anchorRegex = new RegExp(anchors.map(escapeRegex).join('|') || '(?!)', 'gi');
  return { rules, anchorRegex, rulesByAnchor };
}

export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where a matched line sits in the text, for readers that look at the lines after it (tables). */
export interface LineSpan {
  text: string;
  /** Offset just past the line (its newline, or the end). */
  end: number;
}

/** Called for each rule that matches a line; return true when the rule needs no more lines. */
export type OnMatch = (rule: number, match: RegExpExecArray, lineNo: number, lineText: string, span: LineSpan) => boolean | void;

/** Scans `text` and reports rule matches in line order. Returns the number of lines. */
export function scanText(text: string, index: ScanIndex, onMatch: OnMatch): number {
  const state = new ScanState(index);
  let lineNo = 1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > MAX_SEGMENT) state.scanLongLine(text, start, end, lineNo, onMatch);
    else state.scanLine(text, start, end, lineNo, onMatch);
    if (end === text.length) break;
    start = end + 1;
    lineNo++;
  }
  return text.endsWith('\n') ? lineNo - 1 : lineNo;
}

class ScanState {
  readonly done: Uint8Array;
  readonly live: Map<string, number>;
  /** Rules anchored in lines of a shape (empty: no anchor at all). */
  readonly shapes = new Map<number, number[]>();
  anchorRegex: RegExp;
  dead = 0;

  constructor(readonly index: ScanIndex) {
    this.done = new Uint8Array(index.rules.length);
    this.live = new Map([...index.rulesByAnchor].map(([anchor, rules]) => [anchor, rules.length]));
    this.anchorRegex = new RegExp(index.anchorRegex.source, 'gi');
  }

  scanLine(text: string, start: number, end: number, lineNo: number, onMatch: OnMatch): void {
    const shape = shapeOf(text, start, end);
    let rules = this.shapes.get(shape);
    if (rules?.length === 0) return;
    const line = text.slice(start, end);
    if (!rules) {
      rules = [...this.anchorsIn(line, 0, line.length)].sort((a, b) => a - b);
      // Rules already done drop out of later lines anyway; remember the anchored ones.
      if (this.shapes.size < MAX_SHAPES) this.shapes.set(shape, rules);
      if (rules.length === 0) return;
    }
    this.run(rules, line.replace(/\r$/, ''), lineNo, { text, end }, onMatch);
  }

  /** A very long line is read in windows around its anchors. */
  scanLongLine(text: string, start: number, end: number, lineNo: number, onMatch: OnMatch): void {
    const line = text.slice(start, end);
    let from = 0;
    while (from < line.length) {
      this.anchorRegex.lastIndex = from;
      const hit = this.anchorRegex.exec(line);
      if (!hit) return;
      const winStart = Math.max(0, hit.index - HALF_WINDOW);
      const winEnd = Math.min(line.length, hit.index + HALF_WINDOW);
      const pending = [...this.anchorsIn(line, hit.index, winEnd)].sort((a, b) => a - b);
      this.run(pending, line.slice(winStart, winEnd), lineNo, { text, end }, onMatch);
      from = winEnd;
    }
  }

  /** The rules whose anchors occur in `line` between `from` and `to`. */
  anchorsIn(line: string, from: number, to: number): Set<number> {
    // Done rules are kept here: the set is cached per shape, and `run` skips them.
    const pending = new Set<number>();
    this.anchorRegex.lastIndex = from;
    let hit: RegExpExecArray | null;
    while ((hit = this.anchorRegex.exec(line)) && hit.index < to) {
      this.anchorRegex.lastIndex = hit.index + 1;
      const key = hit[0].toLowerCase();
      for (const rule of this.index.rulesByAnchor.get(key) ?? []) pending.add(rule);
    }
    return pending;
  }

  run(rules: number[], lineText: string, lineNo: number, span: LineSpan, onMatch: OnMatch): void {
    for (const rule of rules) {
      if (this.done[rule]) continue;
      const match = this.index.rules[rule]!.regex.exec(lineText);
      if (match && onMatch(rule, match, lineNo, lineText, span) && !this.done[rule]) this.retire(rule);
    }
    if (this.dead > 0) this.rebuild();
  }

  // A rule that needs no more lines (a runtime recogniser that matched) leaves anchors that only
  // cost time: the scan regex is rebuilt without them.
  retire(rule: number): void {
    this.done[rule] = 1;
    for (const [anchor, rules] of this.index.rulesByAnchor) {
      if (!rules.includes(rule)) continue;
      const left = this.live.get(anchor)! - 1;
      this.live.set(anchor, left);
      if (left === 0) this.dead++;
    }
  }

  rebuild(): void {
    const alive = [...this.live].filter(([, n]) => n > 0).map(([a]) => a);
    this.anchorRegex = new RegExp(alive.length ? alive.map(escapeRegex).join('|') : '(?!)', 'gi');
    this.dead = 0;
  }
}

/** A 52-bit hash of the line with every run of digits folded to one mark (two 26-bit FNV-1a variants). */
function shapeOf(text: string, start: number, end: number): number {
  let a = 0x811c9dc5 | 0;
  let b = 0x01000193 | 0;
  let inDigits = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (inDigits) continue;
      inDigits = true;
      a = Math.imul(a ^ 0x30, 0x01000193);
      b = Math.imul(b ^ 0x30, 0x5bd1e995);
      continue;
    }
    inDigits = false;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 6) * 0x4000000 + (b >>> 6);
}
