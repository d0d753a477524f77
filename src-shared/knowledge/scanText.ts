// The scan finds, line by line, the anchors (the literals derived from the patterns) with a table
// (see anchorTable.ts), and runs a pattern only on the lines holding one of its anchors. Logs repeat the same
// lines with other numbers, so a line whose shape (its text with digit runs folded) held no anchor
// before is skipped: anchors contain no digits, so the same shape holds the same anchors. A line
// seen before verbatim skips even the shape (see `rememberRepeat`).

import { anchorsWithin, buildAnchorTable, findAnchors, type AnchorTable } from './anchorTable.js';
import { allOf, passesFilter, type LiteralFilter } from './regexAnchors.js';

/** A pattern to run on a line, with the literals that must be in the line for it to match. */
export interface LineRule {
  regex: RegExp;
  anchors: string[];
  /** What else a line must hold for the regex to match it (see {@link shapeFilter}); null: nothing. */
  filter?: LiteralFilter | null;
}

export interface ScanIndex {
  rules: LineRule[];
  anchorRegex: RegExp;
  /** The anchors by their first characters, to find them in a lower-cased line (see `anchorsIn`). */
  anchorTable: AnchorTable;
  rulesByAnchor: Map<string, number[]>;
  /** Per rule, the anchors whose hits imply it (the keys of `rulesByAnchor` that list it). */
  anchorsByRule: string[][];
  /** Whether line shapes fold hex words: only when no anchor has hex-letter edges. */
  foldHex: boolean;
  /** Per rule, the part of its filter that lines of one shape all pass or all fail (see {@link shapeFilter}). */
  shapeFilters: (LiteralFilter | null)[];
}

/** Lines longer than this are read in windows around each anchor (a pasted JSON blob is one line). */
export const MAX_SEGMENT = 8192;
const HALF_WINDOW = 2048;
/** How much of a long line is lower-cased at a time to find the next window's anchor. */
export const LONG_LINE_CHUNK = 16_384;
/** Shapes remembered; beyond this, lines are simply scanned. */
const MAX_SHAPES = 200_000;
/** Lines remembered verbatim, and how often the verbatim cache checks that it is paying. */
const MAX_REPEATS = 100_000;
const REPEAT_CHECK = 4096;

export function buildScanIndex(rules: LineRule[]): ScanIndex {
  // An anchor's hex-letter edges are dropped (what is left is still in every match), so that line
  // shapes may fold hex words; one too short without them turns the folding off.
  const anchorsOf = rules.map((r) => [...new Set(r.anchors.map((a) => (trimHexEdges(a).length >= MIN_TRIMMED ? trimHexEdges(a) : a)))]);
  const foldHex = !anchorsOf.flat().some(hasHexEdge);
  const anchors = [...new Set(anchorsOf.flat())].sort((a, b) => b.length - a.length);
  const rulesOf = new Map<string, number[]>(anchors.map((a) => [a, []]));
  anchorsOf.forEach((list, index) => list.forEach((a) => rulesOf.get(a)!.push(index)));
  // Matching resumes one character after each hit, so overlapping anchors are found, except one
  // that starts where a longer one does: a hit on an anchor implies every anchor inside it.
  const anchorTable = buildAnchorTable(anchors);
  const rulesByAnchor = new Map<string, number[]>();
  for (const a of anchors) {
    const implied = anchorsWithin(anchorTable, a).flatMap((b) => rulesOf.get(b)!);
    rulesByAnchor.set(a, [...new Set(implied)].sort((x, y) => x - y));
  }
  const anchorRegex = new RegExp(anchors.map(escapeRegex).join('|') || '(?!)', 'gi');
  const anchorsByRule = rules.map((): string[] => []);
  for (const [anchor, implied] of rulesByAnchor) for (const rule of implied) anchorsByRule[rule]!.push(anchor);
  const shapeFilters = rules.map((r, i) => (r.filter ? usefulFilter(shapeFilter(r.filter), anchorsOf[i]!) : null));
  return { rules, anchorRegex, anchorTable, rulesByAnchor, anchorsByRule, foldHex, shapeFilters };
}

// A rule's anchors say only that one literal of one part of its pattern is in the line: a family rule
// anchored on "error" runs on every line holding that word. Its filter also asks for the other parts.
// It is tested once per line shape, when the shape's rules are found, so it must give every line of a
// shape the same answer: literals with digits are dropped (shapes fold digits) and hex-letter edges
// trimmed, as for anchors. Tested on each line instead (digits kept), it cut more runs (8,420 of 29,257
// on the 20 MB worst case) but lower-casing every line cost the llama-server log ~100 ms.
/**
 * The part of `filter` that depends only on a line's shape: literals without digits, hex-letter edges
 * trimmed; a literal too short once trimmed, or with a digit, passes any line (null).
 */
export function shapeFilter(filter: LiteralFilter): LiteralFilter | null {
  if ('lit' in filter) {
    if (/\d/.test(filter.lit)) return null;
    const trimmed = trimHexEdges(filter.lit);
    return trimmed.length >= MIN_TRIMMED ? { lit: trimmed } : null;
  }
  if ('all' in filter) {
    return allOf(filter.all.map(shapeFilter).filter((f): f is LiteralFilter => f !== null));
  }
  const branches = filter.any.map(shapeFilter);
  return branches.some((b) => b === null) ? null : { any: branches as LiteralFilter[] };
}

/** A filter that asks only for the rule's own anchors (a literal, or any of literals) says nothing more: none. */
function usefulFilter(filter: LiteralFilter | null, anchors: string[]): LiteralFilter | null {
  if (!filter) return null;
  const lits = 'lit' in filter ? [filter] : 'any' in filter && filter.any.every((f) => 'lit' in f) ? (filter.any as { lit: string }[]) : null;
  return lits && lits.every((f) => anchors.includes(f.lit)) ? null : filter;
}

const MIN_TRIMMED = 3;

export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where a matched line sits in the text, for readers that look at the lines after it (tables). */
export interface LineSpan {
  text: string;
  /** Offset just past the line (its newline, or the end). */
  end: number;
}

/**
 * Called for each rule that matches a line; return true when the rule needs no more lines. `reused`:
 * the match is the one this rule gave the same text before (a line seen verbatim), the same object.
 */
export type OnMatch = (rule: number, match: RegExpExecArray, lineNo: number, lineText: string, span: LineSpan, reused: boolean) => boolean | void;

/** Line starts are noted every this many lines (see {@link scanText}'s `lineMarks`). */
export const LINE_MARK_EVERY = 1024;

/**
 * Scans `text` and reports rule matches in line order. Returns the number of lines. `lineMarks`, when
 * given, receives where lines 1, 1 + LINE_MARK_EVERY, 1 + 2 × LINE_MARK_EVERY … start, so that a line
 * can later be found without walking the text from its start.
 */
export function scanText(text: string, index: ScanIndex, onMatch: OnMatch, lineMarks?: number[]): number {
  const state = new ScanState(index);
  let lineNo = 1;
  let start = 0;
  while (start <= text.length) {
    if (lineMarks && lineNo % LINE_MARK_EVERY === 1) lineMarks.push(start);
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

/**
 * A line seen verbatim: the rules that matched it the first time, with their matches. A rule that
 * found nothing in this text never will (the rules' regexes keep no state), and one that was done
 * then stays done, so a repeat replays only the matches.
 */
interface Repeat {
  rules: number[];
  matches: RegExpExecArray[];
}

class ScanState {
  readonly done: Uint8Array;
  /** Rules this scan has run: each one's first run is on a subject that compiles it to machine code (see `compileNatively`). */
  readonly warmed: Uint8Array;
  readonly live: Map<string, number>;
  /** Rules anchored in lines of a shape (empty: no anchor at all). */
  readonly shapes = new Map<number, number[]>();
  /** Every anchor: finds which rules a line of a new shape holds (done rules are skipped in `run`). */
  readonly anchorRegex: RegExp;
  /** The anchors of rules not yet done, rebuilt only when a long line needs it (see `liveRegex`). */
  private liveAnchorRegex: RegExp;
  dead = 0;
  /** Rules of lines seen verbatim (see `rememberRepeat`); undefined once it stops paying. */
  repeats: Map<string, Repeat> | undefined = new Map();
  repeatHits = 0;
  repeatMisses = 0;
  /** `repeatHits` when the last window of REPEAT_CHECK misses closed. */
  hitsAtCheck = 0;

  constructor(readonly index: ScanIndex) {
    this.done = new Uint8Array(index.rules.length);
    this.warmed = new Uint8Array(index.rules.length);
    this.live = new Map([...index.rulesByAnchor].map(([anchor, rules]) => [anchor, rules.length]));
    this.anchorRegex = new RegExp(index.anchorRegex.source, 'gi');
    this.liveAnchorRegex = this.anchorRegex;
  }

  scanLine(text: string, start: number, end: number, lineNo: number, onMatch: OnMatch): void {
    let line: string | undefined;
    let rules: number[] | undefined;
    let repeat: Repeat | undefined;
    if (this.repeats) {
      line = text.slice(start, end);
      repeat = this.repeats.get(line);
      if (repeat !== undefined) {
        this.repeatHits++;
        if (repeat.rules.length > 0) this.replay(repeat, withoutCr(line), lineNo, { text, end }, onMatch);
        return;
      }
      rules = this.rulesOfShape(text, start, end, line);
      repeat = this.rememberRepeat(line);
    } else rules = this.rulesOfShape(text, start, end);
    if (rules.length === 0) return;
    line ??= text.slice(start, end);
    this.run(rules, withoutCr(line), lineNo, { text, end }, onMatch, repeat);
  }

  /** The rules anchored in a line's shape, found by the anchor regex the first time the shape is seen. */
  rulesOfShape(text: string, start: number, end: number, line?: string): number[] {
    const shape = shapeOf(text, start, end, this.index.foldHex);
    let rules = this.shapes.get(shape);
    if (rules) return rules;
    line ??= text.slice(start, end);
    rules = this.passingShapeFilters([...this.anchorsIn(line, 0, line.length)].sort((a, b) => a - b), line);
    // Rules already done drop out of later lines anyway; remember the anchored ones.
    if (this.shapes.size < MAX_SHAPES) this.shapes.set(shape, rules);
    return rules;
  }

  /** The rules whose shape filter `line` passes. */
  passingShapeFilters(rules: number[], line: string): number[] {
    const filters = this.index.shapeFilters;
    if (!rules.some((r) => filters[r])) return rules;
    const lower = line.toLowerCase();
    return rules.filter((r) => !filters[r] || passesFilter(filters[r], lower));
  }

  // Hashing a line's shape reads it in JS, character by character; a line seen before verbatim is
  // found by the engine's own string hash, several times faster. Logs that repeat lines whole gain;
  // logs whose every line carries new numbers would only pay for the lookups, so the cache is dropped
  // (shapes alone are used) once a window of REPEAT_CHECK misses saw fewer than a quarter as many hits.
  // It used to go once misses outnumbered all hits so far: a log cycling through more than 4,096
  // distinct lines lost it in its first cycle (the 20 MB bench's worst case, every fixture line
  // repeated, went from 199 to 368 ms when the corpus grew past that). The same text gives the same matches
  // (the rules' regexes keep no state), so a repeated line keeps the matches its rules gave (see `Repeat`).
  rememberRepeat(line: string): Repeat | undefined {
    const repeat: Repeat = { rules: [], matches: [] };
    if (this.repeats!.size < MAX_REPEATS) this.repeats!.set(line, repeat);
    if (++this.repeatMisses % REPEAT_CHECK === 0) {
      if (this.repeatHits - this.hitsAtCheck < REPEAT_CHECK / 4) this.repeats = undefined;
      this.hitsAtCheck = this.repeatHits;
    }
    return repeat;
  }

  /** A very long line is read in windows around its anchors. */
  scanLongLine(text: string, start: number, end: number, lineNo: number, onMatch: OnMatch): void {
    const line = text.slice(start, end);
    let from = 0;
    while (from < line.length) {
      const at = this.nextLiveAnchor(line, from);
      if (at < 0) return;
      const winStart = Math.max(0, at - HALF_WINDOW);
      const winEnd = Math.min(line.length, at + HALF_WINDOW);
      const pending = [...this.anchorsIn(line, at, winEnd)].sort((a, b) => a - b);
      this.run(pending, line.slice(winStart, winEnd), lineNo, { text, end }, onMatch);
      from = winEnd;
    }
  }

  // The next window starts at the next anchor of a rule not yet done. It is found with the anchor
  // table a chunk at a time (only the chunk is lower-cased), stopping at the first live anchor: the
  // anchor regex V8 runs tries every alternative at every position, and a 20 MB one-line paste took
  // 2.9 s in it. A longest anchor that is dead has only dead anchors inside it (its implied rules
  // include theirs), so checking the longest at each position finds what the live regex found.
  /** Where the next anchor of a live rule starts in `line` at or after `from`; -1: none. */
  nextLiveAnchor(line: string, from: number): number {
    const table = this.index.anchorTable;
    for (let at = from; at < line.length; at += LONG_LINE_CHUNK) {
      const to = Math.min(line.length, at + LONG_LINE_CHUNK);
      const lower = this.lowerWindow(line, at, to);
      if (lower === null) return this.nextLiveByRegex(line, at);
      let found = -1;
      findAnchors(table, lower, 0, to - at, (anchor, i) => {
        if (this.live.get(anchor)! === 0) return false;
        found = at + i;
        return true;
      });
      if (found >= 0) return found;
    }
    return -1;
  }

  /** The same as {@link nextLiveAnchor} with the live anchors' regex, for text whose length lower-casing changes. */
  nextLiveByRegex(line: string, from: number): number {
    const live = this.liveRegex();
    live.lastIndex = from;
    return live.exec(line)?.index ?? -1;
  }

  // Lower-casing finds every anchor the regex's `i` flag does (and a few more, such as the Kelvin
  // sign as "k": an extra anchor only runs a rule, which decides for itself). A window whose length
  // lower-casing changes ("İ") would shift the offsets, so its callers keep the regex. Only the window
  // is lower-cased (and as far past it as an anchor can reach): a long line is read in many windows.
  /** `line` from `from` to `to` (plus the longest anchor's reach) lower-cased; null when that changes its length. */
  lowerWindow(line: string, from: number, to: number): string | null {
    const end = Math.min(line.length, to + this.index.anchorTable.longest);
    const lower = line.slice(from, end).toLowerCase();
    return lower.length === end - from ? lower : null;
  }

  /** The rules whose anchors occur in `line` between `from` and `to`. */
  anchorsIn(line: string, from: number, to: number): Set<number> {
    // Done rules are kept here: the set is cached per shape, and `run` skips them.
    const pending = new Set<number>();
    const lower = this.lowerWindow(line, from, to);
    if (lower !== null) {
      findAnchors(this.index.anchorTable, lower, 0, to - from, (anchor) => {
        for (const rule of this.index.rulesByAnchor.get(anchor) ?? []) pending.add(rule);
      });
      return pending;
    }
    this.anchorRegex.lastIndex = from;
    let hit: RegExpExecArray | null;
    while ((hit = this.anchorRegex.exec(line)) && hit.index < to) {
      this.anchorRegex.lastIndex = hit.index + 1;
      const key = hit[0].toLowerCase();
      for (const rule of this.index.rulesByAnchor.get(key) ?? []) pending.add(rule);
    }
    return pending;
  }

  /** Runs the rules not yet done on a line; `repeat`, when given, keeps the ones that matched. */
  run(rules: number[], lineText: string, lineNo: number, span: LineSpan, onMatch: OnMatch, repeat?: Repeat): void {
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (this.done[rule]) continue;
      const regex = this.index.rules[rule]!.regex;
      if (!this.warmed[rule]) {
        compileNatively(regex, lineText);
        this.warmed[rule] = 1;
      }
      const match = regex.exec(lineText);
      if (match === null) continue;
      if (repeat) {
        repeat.rules.push(rule);
        repeat.matches.push(match);
      }
      if (onMatch(rule, match, lineNo, lineText, span, false) && !this.done[rule]) this.retire(rule);
    }
  }

  /** A line seen verbatim: its rules' matches from the first time, for the rules not done since. */
  replay(repeat: Repeat, lineText: string, lineNo: number, span: LineSpan, onMatch: OnMatch): void {
    const { rules, matches } = repeat;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (this.done[rule]) continue;
      if (onMatch(rule, matches[i]!, lineNo, lineText, span, true) && !this.done[rule]) this.retire(rule);
    }
  }

  // A rule that needs no more lines (a runtime recogniser that matched) leaves anchors that only
  // cost time. Short lines keep the full anchor regex: a line of a new shape is rare once a log
  // repeats itself, and each rebuilt regex of hundreds of literals costs a compile (over a hundred
  // per log). A long line's windows start at live anchors, so it gets a regex without the dead
  // ones, rebuilt only when a long line comes and anchors died since.
  retire(rule: number): void {
    this.done[rule] = 1;
    for (const anchor of this.index.anchorsByRule[rule]!) {
      const left = this.live.get(anchor)! - 1;
      this.live.set(anchor, left);
      if (left === 0) this.dead++;
    }
  }

  liveRegex(): RegExp {
    if (this.dead === 0) return this.liveAnchorRegex;
    const alive = [...this.live].filter(([, n]) => n > 0).map(([a]) => a);
    this.liveAnchorRegex = new RegExp(alive.length ? alive.map(escapeRegex).join('|') : '(?!)', 'gi');
    this.dead = 0;
    return this.liveAnchorRegex;
  }
}

/**
 * V8 first compiles a regex to bytecode, and to machine code on its second run; for these case-insensitive
 * patterns the bytecode compile is the dearer one (85 against 40 ms for the 731 rules of an earlier round,
 * Node 20). A first run on a subject of 1,000 characters or more goes straight to machine code, so each rule
 * gets its first run in a scan on such a subject just before its first real run (most rules never run on a
 * given log). V8 compiles a regex apart for each string width (Latin-1, or UTF-16), and a line sliced from a
 * log with one character beyond Latin-1 (a Chinese or Russian message, a box-drawing table) is UTF-16
 * whatever its own characters: the subject is the line itself with padding after it, which has the line's
 * width. A fixed Latin-1 subject compiled code that no line of such a log used, and each rule then paid a
 * second compile (bytecode) on its first real run: the 20 MB log of every fixture line, cold (`headroom
 * diagnose`), median 412 → 348 ms over five interleaved bench runs. A run on a width already compiled (a later
 * scan) costs microseconds. Doing the same for the anchor alternations cost a small paste 8 → 17 ms and gained
 * nothing. Do not switch tier-up off instead: set at run time (`setFlagsFromString('--no-regexp-tier-up')`,
 * once regexes had run with it), that flag made Node 20 crash with SIGSEGV in V8's native regexp code in about
 * one `headroom diagnose --answer` of five.
 */
function compileNatively(regex: RegExp, lineText: string): void {
  regex.exec(lineText + NATIVE_COMPILE_PADDING);
}

const NATIVE_COMPILE_PADDING = '\u0001'.repeat(1000);

const withoutCr = (line: string) => (line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);

/** Character classes for shapes: 0 other, 1 digit, 2 hex letter, 3 other letter (ASCII only). */
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = 1;
for (let c = 65; c <= 90; c++) CLASS[c] = CLASS[c + 32] = c <= 70 ? 2 : 3;

/**
 * A 52-bit hash of the line (two 26-bit FNV-1a variants) with every run of digits folded to one
 * mark, and, when `foldHex`, every word of hex digits holding a digit (hashes, ids, addresses)
 * folded whole: anchors whose edges are not hex letters cannot overlap such a word. One pass: a
 * word is hashed on the side and replaced by the mark when it ends up a hex word.
 */
export function shapeOf(text: string, start: number, end: number, foldHex: boolean): number {
  let a = 0x811c9dc5 | 0;
  let b = 0x01000193 | 0;
  // The hash before the current word, and whether the word so far is hex holding a digit.
  let wa = a;
  let wb = b;
  let inWord = false;
  let hex = true;
  let digit = false;
  let inDigits = false;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    const k = c < 128 ? CLASS[c]! : 0;
    if (k === 0) {
      if (inWord && foldHex && hex && digit) {
        a = Math.imul(wa ^ 0x23, 0x01000193);
        b = Math.imul(wb ^ 0x23, 0x5bd1e995);
      }
      inWord = false;
      inDigits = false;
    } else {
      if (!inWord) {
        inWord = true;
        wa = a;
        wb = b;
        hex = true;
        digit = false;
      }
      if (k === 1) {
        digit = true;
        if (inDigits) continue;
        inDigits = true;
        c = 0x30;
      } else {
        inDigits = false;
        if (k === 3) hex = false;
      }
    }
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  if (inWord && foldHex && hex && digit) {
    a = Math.imul(wa ^ 0x23, 0x01000193);
    b = Math.imul(wb ^ 0x23, 0x5bd1e995);
  }
  return (a >>> 6) * 0x4000000 + (b >>> 6);
}

/** Whether an anchor ends in letters that could belong to a folded hex word (`…of ` is safe, `n_ff` is not). */
export function hasHexEdge(anchor: string): boolean {
  const lead = /^[0-9a-z]*/i.exec(anchor)![0];
  const trail = /[0-9a-z]*$/i.exec(anchor)![0];
  return (lead !== '' && /^[a-f]+$/i.test(lead)) || (trail !== '' && /^[a-f]+$/i.test(trail));
}

/** The anchor without hex-letter edges (`b of pinned` → ` of pinned`); still a literal every match holds. */
export function trimHexEdges(anchor: string): string {
  const lead = /^[a-f]+(?![0-9a-z])/i.exec(anchor)?.[0].length ?? 0;
  const trail = /(?<![0-9a-z])[a-f]+$/i.exec(anchor)?.[0].length ?? 0;
  return lead + trail >= anchor.length ? '' : anchor.slice(lead, anchor.length - trail);
}
