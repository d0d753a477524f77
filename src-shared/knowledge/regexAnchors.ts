// Knowledge-base patterns are JavaScript regexes in a small dialect: literals, escapes, classes,
// groups, alternation and quantifiers. No lookaround and no backreferences, which keeps matching
// linear once a ReDoS checker has approved the pattern. From each pattern we derive the literal
// strings of which any match must contain at least one: the scanner looks only for those with one
// pass over the text, and runs a pattern only on the lines where one of its anchors occurs.

/** A pattern outside the dialect, or one without a literal to anchor the scan. */
export class PatternDialectError extends Error {
  override name = 'PatternDialectError';
}

/** The shortest anchor accepted: shorter ones would match too many lines of a long log. */
export const MIN_ANCHOR_LENGTH = 3;

type Node =
  /** Literal text: one character, or several without digits. */
  | { type: 'text'; value: string }
  | { type: 'other' }
  /** A character class of a few characters (`[=:]`, `[Kk]`), lower-cased. */
  | { type: 'set'; values: string[] }
  | { type: 'seq'; items: Node[] }
  | { type: 'alt'; branches: Node[] }
  | { type: 'repeat'; node: Node; min: number; max: number };

/**
 * What the scan tests a line with before running `pattern` on it, from one parse: its anchors, the
 * lower-cased literals without digits of which every match contains at least one, and its literal
 * filter (see {@link LiteralFilter}). Throws {@link PatternDialectError} when the pattern leaves the
 * dialect or has no anchor of {@link MIN_ANCHOR_LENGTH} characters.
 */
export function literalTests(pattern: string): { anchors: string[]; filter: LiteralFilter | null } {
  const parser = new Parser(pattern);
  const tree = parser.parseAlternation();
  if (!parser.done()) throw new PatternDialectError(`Unbalanced ")" at ${parser.position} in /${pattern}/.`);
  return { anchors: anchorsOf(pattern, tree), filter: filterOf(tree) };
}

function anchorsOf(pattern: string, tree: Node): string[] {
  const anchors = required(tree);
  if (!anchors || Math.min(...anchors.map((a) => a.length)) < MIN_ANCHOR_LENGTH) {
    throw new PatternDialectError(`/${pattern}/ has no literal of ${MIN_ANCHOR_LENGTH}+ characters that every match contains; add one so the scan can find the line.`);
  }
  return [...new Set(anchors)];
}

/** Literal sets, best first: the one whose shortest literal is longest. */
function required(node: Node): string[] | null {
  switch (node.type) {
    case 'text':
      return /\d/.test(node.value) ? null : [node.value];
    case 'other':
    case 'set':
      return null;
    case 'repeat':
      return node.min >= 1 ? required(node.node) : null;
    case 'alt': {
      const sets = node.branches.map(required);
      if (sets.some((s) => s === null)) return null;
      return (sets as string[][]).flat();
    }
    case 'seq':
      return bestOfSequence(node.items);
  }
}

// A sequence's adjacent parts that match few strings multiply out into longer literals: "prompt ?[=:]"
// is "prompt=", "prompt:", "prompt =" or "prompt :", where the run of characters alone gave "prompt",
// which every "new prompt" line of a server log holds; "(?:ctx|kv)_(?:tokens|depth)" gives "ctx_tokens"
// … instead of "tokens". A run also takes the strings the part after it starts with, and the next run
// the strings the part before it ends with. Digits end a run: the scan remembers lines whose shape
// (digits aside) held no anchor, which is only exact when no anchor contains a digit.
function bestOfSequence(items: Node[]): string[] | null {
  const candidates: string[][] = [];
  // Runs start at the sequence's start and after each part that is not one literal (a run starting
  // inside a stretch of characters is a shorter copy of one starting before it). An anchor needs no
  // more than the run's shortest strings, so the run is also a candidate each time a part multiplies it.
  for (let i = 0; i <= items.length; i++) {
    const before = items[i - 1];
    const exactBefore = before && exactStrings(before, false);
    if (exactBefore?.length === 1) continue;
    for (const start of before && !exactBefore ? [[''], edgeStrings(before, false, 'end')] : [['']]) {
      const { run, stop } = extendRun(items, i, start, false, (shorter) => candidates.push(shorter));
      candidates.push(run, closeRun(run, items[stop], false));
    }
  }
  for (const item of items) {
    const inner = item.type === 'text' ? null : required(item);
    if (inner) candidates.push(inner);
  }
  let best: string[] | null = null;
  for (const candidate of candidates) {
    if (!best || score(candidate) > score(best)) best = candidate;
  }
  return best && score(best) > 0 ? best : null;
}

/**
 * `start` followed by the strings of `items[from]`, `items[from + 1]` … while each part matches few
 * strings: the run, and the index of the part that stopped it (`items.length` at the end).
 * `onGrow` sees the run each time a part is about to multiply its strings.
 */
function extendRun(items: Node[], from: number, start: string[], digits: boolean, onGrow?: (run: string[]) => void): { run: string[]; stop: number } {
  let run = start;
  for (let j = from; j < items.length; j++) {
    const exact = exactStrings(items[j]!, digits);
    const joined = exact && cross(run, exact);
    if (!joined) return { run, stop: j };
    if (joined.length > run.length) onGrow?.(run);
    run = joined;
  }
  return { run, stop: items.length };
}

/** A run stopped by `next`, followed by the strings `next` starts with (the run itself when too many). */
const closeRun = (run: string[], next: Node | undefined, digits: boolean): string[] => (next && cross(run, edgeStrings(next, digits, 'start'))) ?? run;

/** Most strings a part or a run expands to; beyond, it is cut where it was still small. */
const MAX_STRINGS = 16;
/** Most characters a class may hold to be expanded. */
const MAX_CLASS = 6;

/**
 * The literal runs of a sequence: each the strings one stretch of adjacent parts can match (every
 * match of the sequence holds one of each run's strings). `digits`: whether strings may hold digits.
 */
function literalRuns(items: Node[], digits: boolean): string[][] {
  const runs: string[][] = [];
  let start = [''];
  for (let from = 0; from <= items.length; ) {
    const { run, stop } = extendRun(items, from, start, digits);
    runs.push(closeRun(run, items[stop], digits));
    if (stop === items.length) break;
    start = edgeStrings(items[stop]!, digits, 'end');
    from = stop + 1;
  }
  return runs;
}

// Parts are asked for their strings again and again (by each run and each edge that reaches them):
// knowledge-base patterns are compiled at every start, so the answers are kept per node.
const exactCache = [new WeakMap<Node, string[] | null>(), new WeakMap<Node, string[] | null>()] as const;

/** Every string `node` matches, lower-cased, when they are at most {@link MAX_STRINGS}; null otherwise. */
function exactStrings(node: Node, digits: boolean): string[] | null {
  const cache = exactCache[digits ? 1 : 0];
  let strings = cache.get(node);
  if (strings === undefined) cache.set(node, (strings = computeExactStrings(node, digits)));
  return strings;
}

function computeExactStrings(node: Node, digits: boolean): string[] | null {
  switch (node.type) {
    case 'text':
      return digits || !/\d/.test(node.value) ? [node.value] : null;
    case 'set':
      return digits || !node.values.some((v) => /\d/.test(v)) ? node.values : null;
    case 'other':
      return null;
    case 'repeat': {
      const inner = exactStrings(node.node, digits);
      if (!inner || node.max > 1) return null;
      return node.min === 0 ? union([[''], inner]) : inner;
    }
    case 'alt': {
      const sets = node.branches.map((b) => exactStrings(b, digits));
      return sets.some((set) => set === null) ? null : union(sets as string[][]);
    }
    case 'seq': {
      let strings: string[] | null = [''];
      for (const item of node.items) {
        const exact = exactStrings(item, digits);
        strings = exact && cross(strings, exact);
        if (!strings) return null;
      }
      return strings;
    }
  }
}

/** Strings every match of `node` starts (or ends) with; [''] when nothing is known. */
function edgeStrings(node: Node, digits: boolean, edge: 'start' | 'end'): string[] {
  const exact = exactStrings(node, digits);
  if (exact) return exact;
  switch (node.type) {
    case 'repeat':
      return node.min >= 1 ? edgeStrings(node.node, digits, edge) : [''];
    case 'alt':
      return union(node.branches.map((b) => edgeStrings(b, digits, edge))) ?? [''];
    case 'seq': {
      const items = edge === 'start' ? node.items : [...node.items].reverse();
      let strings = [''];
      for (const item of items) {
        const part = exactStrings(item, digits);
        const joined = part && (edge === 'start' ? cross(strings, part) : cross(part, strings));
        if (joined) {
          strings = joined;
          continue;
        }
        const tip = edgeStrings(item, digits, edge);
        return (edge === 'start' ? cross(strings, tip) : cross(tip, strings)) ?? strings;
      }
      return strings;
    }
    default:
      return [''];
  }
}

/** Each of `a` followed by each of `b`; null when that makes more than {@link MAX_STRINGS}. */
function cross(a: string[], b: string[]): string[] | null {
  if (a.length === 1 && b.length === 1) return [a[0]! + b[0]!];
  if (a.length * b.length > MAX_STRINGS) return null;
  return [...new Set(a.flatMap((x) => b.map((y) => x + y)))];
}

/** The strings of all `sets`; null when more than {@link MAX_STRINGS}. */
function union(sets: string[][]): string[] | null {
  const all = [...new Set(sets.flat())];
  return all.length > MAX_STRINGS ? null : all;
}

/**
 * A test a lower-cased line must pass for a pattern to match it: a literal it contains, or all or any
 * of the tests below. It follows the pattern's sequences and alternations, digits included, so it
 * says more than the anchors (any one literal of one part): a family rule anchored on "error" runs on
 * every line holding that word, while its filter also asks for the words after it.
 */
export type LiteralFilter = { lit: string } | { all: LiteralFilter[] } | { any: LiteralFilter[] };

function filterOf(node: Node): LiteralFilter | null {
  switch (node.type) {
    case 'text':
      return { lit: node.value };
    case 'other':
    case 'set':
      return null;
    case 'repeat':
      return node.min >= 1 ? filterOf(node.node) : null;
    case 'alt': {
      const branches = node.branches.map(filterOf);
      return branches.some((b) => b === null) ? null : { any: branches as LiteralFilter[] };
    }
    case 'seq': {
      const parts: LiteralFilter[] = [];
      for (const run of literalRuns(node.items, true)) {
        if (run.some((s) => s.length < MIN_ANCHOR_LENGTH)) continue;
        parts.push(run.length === 1 ? { lit: run[0]! } : { any: run.map((lit) => ({ lit })) });
      }
      // A part whose strings a run took in says nothing more on its own.
      for (const item of node.items) {
        if (exactStrings(item, true)) continue;
        const inner = filterOf(item);
        if (inner && !('lit' in inner && inner.lit.length < MIN_ANCHOR_LENGTH)) parts.push(inner);
      }
      return allOf(parts);
    }
  }
}

/** A filter that needs every one of `parts`: none for no part, the part itself for one. */
export const allOf = (parts: LiteralFilter[]): LiteralFilter | null => (parts.length === 0 ? null : parts.length === 1 ? parts[0]! : { all: parts });

/** Whether `lower` (a lower-cased line) passes `filter`. */
export function passesFilter(filter: LiteralFilter, lower: string): boolean {
  if ('lit' in filter) return lower.includes(filter.lit);
  if ('all' in filter) return filter.all.every((f) => passesFilter(f, lower));
  return filter.any.some((f) => passesFilter(f, lower));
}

// A literal of 16 characters is already rare in any log, so beyond that length counts little, while each
// string more is one more anchor to look for: "failed to allocate compute " beats its three endings
// ("… buffers", "… pp buffers", "… tg buffers"), but "prompt=", "prompt:", "prompt =", "prompt :" beat
// "prompt", and "_split_buffer_init_tensor" beats "ggml_backend_".
const SELECTIVE_LENGTH = 16;
const score = (set: string[]) => {
  const shortest = Math.min(...set.map((s) => s.length));
  return Math.min(SELECTIVE_LENGTH, shortest) + shortest / 1000 - set.length / 100;
};

const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S']);
const ZERO_WIDTH_ESCAPES = new Set(['b', 'B']);
const CONTROL_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' };

class Parser {
  position = 0;
  constructor(private readonly source: string) {}

  done(): boolean {
    return this.position >= this.source.length;
  }

  parseAlternation(): Node {
    const branches = [this.parseSequence()];
    while (this.peek() === '|') {
      this.position++;
      branches.push(this.parseSequence());
    }
    return branches.length === 1 ? branches[0]! : { type: 'alt', branches };
  }

  private parseSequence(): Node {
    const items: Node[] = [];
    while (!this.done() && this.peek() !== '|' && this.peek() !== ')') {
      const item = this.parseQuantifier(this.parseAtom());
      // Adjacent characters are one literal (digits stay apart: anchors hold none).
      const last = items.at(-1);
      if (item.type === 'text' && last?.type === 'text' && !/\d/.test(item.value + last.value)) last.value += item.value;
      else items.push(item);
    }
    return { type: 'seq', items };
  }

  private parseAtom(): Node {
    const c = this.source[this.position++]!;
    switch (c) {
      case '\\':
        return this.parseEscape();
      case '[':
        return this.parseClass();
      case '(':
        return this.parseGroup();
      case '.':
        return { type: 'other' };
      case '^':
      case '$':
        return { type: 'seq', items: [] };
      case '*':
      case '+':
      case '?':
      case '{':
        throw new PatternDialectError(`Quantifier "${c}" with nothing to repeat at ${this.position - 1} in /${this.source}/.`);
      default:
        return { type: 'text', value: c.toLowerCase() };
    }
  }

  private parseEscape(): Node {
    const c = this.source[this.position++];
    if (c === undefined) throw new PatternDialectError(`Trailing "\\" in /${this.source}/.`);
    if (CLASS_ESCAPES.has(c)) return { type: 'other' };
    // Zero-width: it consumes nothing, so the literals on either side are adjacent in every match.
    if (ZERO_WIDTH_ESCAPES.has(c)) return { type: 'seq', items: [] };
    if (c in CONTROL_ESCAPES) return { type: 'text', value: CONTROL_ESCAPES[c]! };
    if (/[1-9k]/.test(c)) throw new PatternDialectError(`Backreferences are not allowed (/${this.source}/).`);
    if (c === 'x' || c === 'u' || c === 'p' || c === 'P' || c === 'c') return this.parseCodeEscape(c);
    if (/[A-Za-z]/.test(c)) throw new PatternDialectError(`Unknown escape "\\${c}" in /${this.source}/.`);
    return { type: 'text', value: c.toLowerCase() };
  }

  private parseCodeEscape(kind: string): Node {
    const hex = kind === 'x' ? /^[0-9a-fA-F]{2}/ : kind === 'u' ? /^[0-9a-fA-F]{4}/ : null;
    if (!hex) throw new PatternDialectError(`Escape "\\${kind}" is not allowed in /${this.source}/.`);
    const digits = hex.exec(this.source.slice(this.position))?.[0];
    if (!digits) throw new PatternDialectError(`Malformed "\\${kind}" escape in /${this.source}/.`);
    this.position += digits.length;
    return { type: 'text', value: String.fromCharCode(parseInt(digits, 16)).toLowerCase() };
  }

  /** A class of a few characters as their set; any other class (negated, `\\d`, wide ranges) as `other`. */
  private parseClass(): Node {
    const values = new Set<string>();
    let expandable = this.peek() !== '^';
    if (!expandable) this.position++;
    let first = true;
    while (!this.done()) {
      let c = this.source[this.position++]!;
      if (c === ']' && !first) return expandable && values.size <= MAX_CLASS ? { type: 'set', values: [...values] } : { type: 'other' };
      first = false;
      if (c === '\\') {
        const e = this.source[this.position++] ?? '';
        if (/[A-Za-z0-9]/.test(e) && !(e in CONTROL_ESCAPES)) expandable = false;
        c = CONTROL_ESCAPES[e] ?? e;
      } else if (this.peek() === '-' && this.source[this.position + 1] !== ']' && this.source[this.position + 1] !== undefined) {
        const to = this.source[this.position + 1]!;
        this.position += 2;
        if (to === '\\') this.position++;
        const span = to.charCodeAt(0) - c.charCodeAt(0);
        if (to === '\\' || span < 0 || span >= MAX_CLASS) expandable = false;
        else for (let code = c.charCodeAt(0); code <= to.charCodeAt(0); code++) values.add(String.fromCharCode(code).toLowerCase());
        continue;
      }
      values.add(c.toLowerCase());
    }
    throw new PatternDialectError(`Unclosed "[" in /${this.source}/.`);
  }

  private parseGroup(): Node {
    if (this.peek() === '?') {
      const rest = this.source.slice(this.position, this.position + 3);
      if (rest.startsWith('?:')) this.position += 2;
      else if (rest.startsWith('?<') && rest[2] !== '=' && rest[2] !== '!') {
        const close = this.source.indexOf('>', this.position);
        if (close < 0) throw new PatternDialectError(`Unclosed group name in /${this.source}/.`);
        this.position = close + 1;
      } else throw new PatternDialectError(`Lookaround "(${rest}" is not allowed in /${this.source}/.`);
    }
    const inner = this.parseAlternation();
    if (this.source[this.position++] !== ')') throw new PatternDialectError(`Unclosed "(" in /${this.source}/.`);
    return inner;
  }

  private parseQuantifier(atom: Node): Node {
    const c = this.peek();
    let min: number | null = null;
    let max = Infinity;
    if (c === '*') min = 0;
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '+') min = 1;
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.position));
      if (!m) return atom; // a literal "{", as JavaScript reads it outside unicode mode
      this.position += m[0].length - 1;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
    }
    if (min === null) return atom;
    this.position++;
    if (this.peek() === '?') this.position++;
    return { type: 'repeat', node: atom, min, max };
  }

  private peek(): string | undefined {
    return this.source[this.position];
  }
}

/** Named capture groups of a pattern, in order. */
export function captureNames(pattern: string): string[] {
  return [...pattern.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]!);
}
