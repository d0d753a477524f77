// Finds the scan's anchors (lower-case literals) in a line with a trie walked from each position, its
// transitions in typed arrays. It replaced a table of anchors keyed by their first two characters,
// tried one by one with `startsWith` (buckets of up to 68 anchors: "could not …", "failed to …"); that
// in turn replaced one case-insensitive regex alternating over every anchor, which V8 tries one by
// one at each position. Lines of a new shape are where a degenerate 20 MB log (every fixture line
// repeated) spends its scan: their 8,700 distinct lines took ~60 ms with the buckets (warm).
// The trie was a dense table, a row of every class for each node (60,147 × 67 classes, 8 MB), whose walks
// missed the cache and whose build filled 8 MB at every load. Only the 1,574 nodes where the 3,161 shipped
// anchors branch have a row now: 0.8 MB. Fresh processes, old beside new, on the 11,622 distinct lines of
// that log (1.07 M characters): building it 18–37 → 7–9 ms; the first walk over every line 36–43 → 31–33 ms
// on a quiet machine, within the noise on a busy one. That log's whole diagnosis in a fresh `headroom
// diagnose` process, 12 runs of each build interleaved: median 368 → 341 ms.

/**
 * A trie of the anchors, compact: most nodes have one child (the tail of one anchor), so a node keeps
 * that child's class and index (`single`, `child`), and only a node where anchors branch has a row of
 * `width` children in `rows` (`row`: its row; row 0 is empty, so a leaf's step finds no child). The
 * root is node 0, never a child, so a child of 0 means none.
 */
export interface AnchorTable {
  /** The class of a character code: its own for ASCII, one of a few buckets for others; 0 when no anchor holds it. */
  classOf: Uint8Array;
  width: number;
  single: Uint8Array;
  child: Uint16Array | Uint32Array;
  row: Uint16Array | Uint32Array;
  rows: Uint16Array | Uint32Array;
  /**
   * Per node: 0 when no anchor ends there; 1 when one does and reaching the node proves it is there
   * (its path holds ASCII classes only); 2 when the anchors ending there are to be checked.
   */
  ends: Uint8Array;
  /** The anchors whose classes lead to a node (several only when non-ASCII characters share a class). */
  anchorsAt: (string[] | undefined)[];
  /**
   * Filters before the walk, by the low bytes of a position's first characters: whether an anchor
   * starts with that character (one-character anchors), that pair, or (a bit each) those three, and
   * whether a two-character anchor is that pair. On a pasted blob of hex ids one position in twenty
   * passes the pair filter, and most of those have no anchor's third character after them.
   */
  singleSeen: Uint8Array;
  pairSeen: Uint8Array;
  tripleSeen: Uint8Array;
  pairEnds: Uint8Array;
  /** The longest anchor's length: how far past a window's end an anchor starting in it can reach. */
  longest: number;
}

/**
 * Non-ASCII characters of anchors (Chinese, Korean, Russian messages) share this many classes, by
 * code: a class per character made the table four times larger for a sixth of the anchors. Sharing
 * costs a `startsWith` on the anchors reached through a shared class.
 */
const NON_ASCII_CLASSES = 16;

export function buildAnchorTable(anchors: string[]): AnchorTable {
  const all = anchors.join('');
  // Classes 1 to NON_ASCII_CLASSES are the shared non-ASCII ones; each ASCII character's follows.
  const classOf = new Uint8Array(0x10000);
  let width = NON_ASCII_CLASSES + 1;
  for (let i = 0; i < all.length; i++) {
    const c = all.charCodeAt(i);
    if (classOf[c] === 0) classOf[c] = c < 128 ? width++ : 1 + (c % NON_ASCII_CLASSES);
  }
  // At most one node per anchor character, and one branching node per anchor: sized once, filled in place.
  const unique = [...new Set(anchors)].filter((a) => a.length > 0);
  const bound = 1 + all.length;
  const Index = bound < 0x10000 ? Uint16Array : Uint32Array;
  const single = new Uint8Array(bound);
  const child = new Index(bound);
  const row = unique.length + 2 < 0x10000 ? new Uint16Array(bound) : new Uint32Array(bound);
  const rows = new Index((unique.length + 2) * width);
  const ends = new Uint8Array(bound);
  const anchorsAt: (string[] | undefined)[] = [];
  const table = { classOf, width, single, child, row, rows, ends, anchorsAt };
  let nodes = 1;
  let rowCount = 1;
  for (const a of unique) {
    let node = 0;
    for (let i = 0; i < a.length; i++) {
      const k = classOf[a.charCodeAt(i)]!;
      // childOf, inline: the build steps through every character of every anchor.
      const s = single[node]!;
      let to = s !== 0 ? (s === k ? child[node]! : 0) : rows[row[node]! * width + k]!;
      if (to === 0) {
        to = nodes++;
        if (s === 0 && row[node] === 0) {
          single[node] = k;
          child[node] = to;
        } else {
          if (s !== 0) {
            // A second child: the node gets a row, holding the first child too.
            row[node] = rowCount++;
            rows[row[node]! * width + s] = child[node]!;
            single[node] = 0;
          }
          rows[row[node]! * width + k] = to;
        }
      }
      node = to;
    }
    (anchorsAt[node] ??= []).push(a);
    // A path of ASCII classes is reached by its own characters only.
    ends[node] = /^[\x00-\x7f]*$/.test(a) ? 1 : 2;
  }
  return { ...table, ...startFilters(anchors), longest: Math.max(0, ...anchors.map((a) => a.length)) };
}

/** The child of `node` for class `k`; 0: none. */
function childOf(table: Pick<AnchorTable, 'width' | 'single' | 'child' | 'row' | 'rows'>, node: number, k: number): number {
  const s = table.single[node]!;
  return s !== 0 ? (s === k ? table.child[node]! : 0) : table.rows[table.row[node]! * table.width + k]!;
}

function startFilters(anchors: string[]): Pick<AnchorTable, 'singleSeen' | 'pairSeen' | 'tripleSeen' | 'pairEnds'> {
  const singleSeen = new Uint8Array(0x100);
  const pairSeen = new Uint8Array(0x10000);
  const tripleSeen = new Uint8Array(0x1000000 >> 3);
  const pairEnds = new Uint8Array(0x10000);
  const low = (a: string, i: number) => a.charCodeAt(i) & 0xff;
  for (const a of anchors) {
    if (a.length === 1) singleSeen[low(a, 0)] = 1;
    if (a.length < 2) continue;
    const pair = (low(a, 0) << 8) | low(a, 1);
    pairSeen[pair] = 1;
    if (a.length === 2) pairEnds[pair] = 1;
    else {
      const triple = (pair << 8) | low(a, 2);
      tripleSeen[triple >> 3]! |= 1 << (triple & 7);
    }
  }
  return { singleSeen, pairSeen, tripleSeen, pairEnds };
}

/**
 * Calls `found` with the longest anchor that starts at each position of `lower` (a lower-cased line)
 * from `from` up to (not including) `to`; an anchor may run past `to`. Shorter anchors starting at the
 * same position are inside the longest, so the caller's implied-anchor lists cover them. `found`
 * returns true to stop the search there.
 */
export function findAnchors(table: AnchorTable, lower: string, from: number, to: number, found: (anchor: string, at: number) => boolean | void): void {
  const end = Math.min(to, lower.length);
  const { classOf, width, single, child, row, rows, ends, anchorsAt, pairSeen, singleSeen, tripleSeen, pairEnds } = table;
  const n = lower.length;
  // No call per position or per step, and each character read once by the filters (the next one is
  // carried over): when the optimiser did not inline small helpers in the loop (it varies from process
  // to process on a busy machine), the 20 MB one-line paste took 460 ms instead of 180.
  let next2 = from < n ? lower.charCodeAt(from) & 0xff : 0;
  for (let i = from; i < end; i++) {
    const c = next2;
    next2 = i + 1 < n ? lower.charCodeAt(i + 1) & 0xff : -1;
    if (singleSeen[c] !== 1) {
      if (next2 < 0) continue;
      const slot = (c << 8) | next2;
      if (pairSeen[slot] !== 1) continue;
      if (pairEnds[slot] !== 1) {
        if (i + 2 >= n) continue;
        const triple = (slot << 8) | (lower.charCodeAt(i + 2) & 0xff);
        if ((tripleSeen[triple >> 3]! & (1 << (triple & 7))) === 0) continue;
      }
    }
    let node = 0;
    let best: string | undefined;
    for (let j = i; j < n; j++) {
      const k = classOf[lower.charCodeAt(j)]!;
      if (k === 0) break;
      // childOf, inline (see above).
      const s = single[node]!;
      node = s !== 0 ? (s === k ? child[node]! : 0) : rows[row[node]! * width + k]!;
      if (node === 0) break;
      const ending = ends[node];
      if (ending === 1) best = anchorsAt[node]![0];
      else if (ending === 2) for (const a of anchorsAt[node]!) if (lower.startsWith(a, i)) best = a;
    }
    if (best !== undefined && found(best, i) === true) return;
  }
}

/**
 * Every anchor of the table that occurs in `text` (a lower-cased anchor), itself included: the trie
 * walked from each position, instead of testing every anchor against every other (with 1,800 anchors
 * that took a third of loading the knowledge base).
 */
export function anchorsWithin(table: AnchorTable, text: string): string[] {
  const found = new Set<string>();
  const { classOf, ends, anchorsAt } = table;
  for (let i = 0; i < text.length; i++) {
    let node = 0;
    for (let j = i; j < text.length; j++) {
      const k = classOf[text.charCodeAt(j)]!;
      node = k === 0 ? 0 : childOf(table, node, k);
      if (node === 0) break;
      if (ends[node] !== 0) for (const a of anchorsAt[node]!) if (text.startsWith(a, i)) found.add(a);
    }
  }
  return [...found];
}
