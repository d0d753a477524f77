// Finds the scan's anchors (lower-case literals) in a line with a table keyed by their first two
// characters. It replaced one case-insensitive regex alternating over every anchor: V8 tries the
// alternatives one by one at each position, and with over a thousand anchors a line of a new shape
// cost about 23 µs, a third of the scan of a degenerate 20 MB log (every fixture line repeated).

/** Anchors by the char codes of their first two characters (one-character anchors by their only one). */
export interface AnchorTable {
  byPair: Map<number, string[]>;
  bySingle: Map<number, string[]>;
  /**
   * Whether any anchor starts with a pair (by the low bytes of its two char codes) or a single character:
   * most positions of a line start no anchor, and a typed array says so faster than a map lookup.
   */
  pairSeen: Uint8Array;
  singleSeen: Uint8Array;
  /**
   * A bit per first three characters (low bytes) of the anchors of three or more, and a flag per pair
   * that starts a two-character anchor: on a paste of hex ids one position in twenty passes the pair
   * filter, and most of those have no anchor's third character after them.
   */
  tripleSeen: Uint8Array;
  pairEnds: Uint8Array;
  /** The longest anchor's length: how far past a window's end an anchor starting in it can reach. */
  longest: number;
}

/** The table of `anchors`, each bucket longest first (the first that matches at a position wins). */
export function buildAnchorTable(anchors: string[]): AnchorTable {
  const byPair = new Map<number, string[]>();
  const bySingle = new Map<number, string[]>();
  const pairSeen = new Uint8Array(0x10000);
  const singleSeen = new Uint8Array(0x100);
  const tripleSeen = new Uint8Array(0x1000000 >> 3);
  const pairEnds = new Uint8Array(0x10000);
  for (const a of [...anchors].sort((x, y) => y.length - x.length)) {
    if (a.length === 0) continue;
    const [map, key] = a.length === 1 ? [bySingle, a.charCodeAt(0)] : [byPair, pairKey(a, 0)];
    const bucket = map.get(key);
    if (bucket) bucket.push(a);
    else map.set(key, [a]);
    if (a.length === 1) singleSeen[a.charCodeAt(0) & 0xff] = 1;
    else pairSeen[pairSlot(a, 0)] = 1;
    if (a.length === 2) pairEnds[pairSlot(a, 0)] = 1;
    else if (a.length > 2) {
      const slot = tripleSlot(a, 0);
      tripleSeen[slot >> 3]! |= 1 << (slot & 7);
    }
  }
  return { byPair, bySingle, pairSeen, singleSeen, tripleSeen, pairEnds, longest: Math.max(0, ...anchors.map((a) => a.length)) };
}

const pairKey = (s: string, i: number) => s.charCodeAt(i) * 0x10000 + s.charCodeAt(i + 1);
const pairSlot = (s: string, i: number) => ((s.charCodeAt(i) & 0xff) << 8) | (s.charCodeAt(i + 1) & 0xff);
const tripleSlot = (s: string, i: number) => (pairSlot(s, i) << 8) | (s.charCodeAt(i + 2) & 0xff);

/**
 * Calls `found` with the longest anchor that starts at each position of `lower` (a lower-cased line)
 * from `from` up to (not including) `to`; an anchor may run past `to`. Shorter anchors starting at the
 * same position are inside the longest, so the caller's implied-anchor lists cover them. `found`
 * returns true to stop the search there.
 */
export function findAnchors(table: AnchorTable, lower: string, from: number, to: number, found: (anchor: string, at: number) => boolean | void): void {
  const end = Math.min(to, lower.length);
  const { pairSeen, singleSeen, tripleSeen, pairEnds } = table;
  const n = lower.length;
  // The loop calls nothing per position and reads each character once (the next one is carried
  // over): when the optimiser did not inline small helpers here (it varies from process to process on
  // a busy machine), the 20 MB one-line paste took 460 ms instead of 180.
  let next = from < n ? lower.charCodeAt(from) & 0xff : 0;
  for (let i = from; i < end; i++) {
    const c = next;
    next = i + 1 < n ? lower.charCodeAt(i + 1) & 0xff : -1;
    let pair = false;
    if (next >= 0) {
      const slot = (c << 8) | next;
      if (pairSeen[slot] === 1) {
        if (pairEnds[slot] === 1) pair = true;
        else if (i + 2 < n) {
          const triple = (slot << 8) | (lower.charCodeAt(i + 2) & 0xff);
          pair = (tripleSeen[triple >> 3]! & (1 << (triple & 7))) !== 0;
        }
      }
    }
    const single = singleSeen[c] === 1;
    if (!pair && !single) continue;
    const hit = (pair && longestAt(table.byPair.get(pairKey(lower, i)), lower, i)) || (single && longestAt(table.bySingle.get(lower.charCodeAt(i)), lower, i));
    if (hit && found(hit, i) === true) return;
  }
}

/**
 * Every anchor of the table that occurs in `text` (a lower-cased anchor), itself included: the buckets of
 * each position, instead of testing every anchor against every other (with 1,800 anchors that took a
 * third of loading the knowledge base).
 */
export function anchorsWithin(table: AnchorTable, text: string): string[] {
  const found = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    for (const a of table.bySingle.get(text.charCodeAt(i)) ?? []) found.add(a);
    if (i + 1 < text.length) for (const a of table.byPair.get(pairKey(text, i)) ?? []) if (text.startsWith(a, i)) found.add(a);
  }
  return [...found];
}

function longestAt(bucket: string[] | undefined, lower: string, i: number): string | undefined {
  if (!bucket) return undefined;
  for (const a of bucket) if (lower.startsWith(a, i)) return a;
  return undefined;
}
