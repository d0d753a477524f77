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
  | { type: 'char'; value: string }
  | { type: 'other' }
  | { type: 'seq'; items: Node[] }
  | { type: 'alt'; branches: Node[] }
  | { type: 'repeat'; node: Node; min: number };

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
    case 'char':
      return /\d/.test(node.value) ? null : [node.value];
    case 'other':
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

function bestOfSequence(items: Node[]): string[] | null {
  const candidates: string[][] = [];
  let run = '';
  const flush = () => {
    if (run) candidates.push([run]);
    run = '';
  };
  for (const item of items) {
    // Digits end a run: the scan remembers lines whose shape (digits aside) held no anchor, which
    // is only exact when no anchor contains a digit.
    if (item.type === 'char' && !/\d/.test(item.value)) {
      run += item.value;
      continue;
    }
    if (item.type === 'char') {
      flush();
      continue;
    }
    flush();
    const inner = required(item);
    if (inner) candidates.push(inner);
  }
  flush();
  let best: string[] | null = null;
  for (const candidate of candidates) {
    if (!best || score(candidate) > score(best)) best = candidate;
  }
  return best;
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
    case 'char':
      return { lit: node.value };
    case 'other':
      return null;
    case 'repeat':
      return node.min >= 1 ? filterOf(node.node) : null;
    case 'alt': {
      const branches = node.branches.map(filterOf);
      return branches.some((b) => b === null) ? null : { any: branches as LiteralFilter[] };
    }
    case 'seq': {
      const parts: LiteralFilter[] = [];
      let run = '';
      const flush = () => {
        if (run.length >= MIN_ANCHOR_LENGTH) parts.push({ lit: run });
        run = '';
      };
      for (const item of node.items) {
        if (item.type === 'char') {
          run += item.value;
          continue;
        }
        flush();
        const inner = filterOf(item);
        if (inner && !('lit' in inner && inner.lit.length < MIN_ANCHOR_LENGTH)) parts.push(inner);
      }
      flush();
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

const score = (set: string[]) => Math.min(...set.map((s) => s.length)) - set.length / 1000;

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
      const atom = this.parseAtom();
      items.push(this.parseQuantifier(atom));
    }
    return { type: 'seq', items };
  }

  private parseAtom(): Node {
    const c = this.source[this.position++]!;
    switch (c) {
      case '\\':
        return this.parseEscape();
      case '[':
        this.skipClass();
        return { type: 'other' };
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
        return { type: 'char', value: c.toLowerCase() };
    }
  }

  private parseEscape(): Node {
    const c = this.source[this.position++];
    if (c === undefined) throw new PatternDialectError(`Trailing "\\" in /${this.source}/.`);
    if (CLASS_ESCAPES.has(c)) return { type: 'other' };
    // Zero-width: it consumes nothing, but a literal run must not be assumed across it.
    if (ZERO_WIDTH_ESCAPES.has(c)) return { type: 'other' };
    if (c in CONTROL_ESCAPES) return { type: 'char', value: CONTROL_ESCAPES[c]! };
    if (/[1-9k]/.test(c)) throw new PatternDialectError(`Backreferences are not allowed (/${this.source}/).`);
    if (c === 'x' || c === 'u' || c === 'p' || c === 'P' || c === 'c') return this.parseCodeEscape(c);
    if (/[A-Za-z]/.test(c)) throw new PatternDialectError(`Unknown escape "\\${c}" in /${this.source}/.`);
    return { type: 'char', value: c.toLowerCase() };
  }

  private parseCodeEscape(kind: string): Node {
    const hex = kind === 'x' ? /^[0-9a-fA-F]{2}/ : kind === 'u' ? /^[0-9a-fA-F]{4}/ : null;
    if (!hex) throw new PatternDialectError(`Escape "\\${kind}" is not allowed in /${this.source}/.`);
    const digits = hex.exec(this.source.slice(this.position))?.[0];
    if (!digits) throw new PatternDialectError(`Malformed "\\${kind}" escape in /${this.source}/.`);
    this.position += digits.length;
    return { type: 'char', value: String.fromCharCode(parseInt(digits, 16)).toLowerCase() };
  }

  private skipClass(): void {
    if (this.peek() === '^') this.position++;
    if (this.peek() === ']') this.position++;
    while (!this.done()) {
      const c = this.source[this.position++];
      if (c === '\\') this.position++;
      else if (c === ']') return;
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
    if (c === '*' || c === '?') min = 0;
    else if (c === '+') min = 1;
    else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.source.slice(this.position));
      if (!m) return atom; // a literal "{", as JavaScript reads it outside unicode mode
      this.position += m[0].length - 1;
      min = Number(m[1]);
    }
    if (min === null) return atom;
    this.position++;
    if (this.peek() === '?') this.position++;
    return { type: 'repeat', node: atom, min };
  }

  private peek(): string | undefined {
    return this.source[this.position];
  }
}

/** Named capture groups of a pattern, in order. */
export function captureNames(pattern: string): string[] {
  return [...pattern.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]!);
}
