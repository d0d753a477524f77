import type { Extractor } from './extractors.js';
import { parseFlag, toMiB } from './extractors.js';
import { isNumericFact, isTextFact, type FactName, type Facts } from './Facts.js';

/** Where a fact was read, to show it as evidence. */
export interface FactSource {
  line: number;
  text: string;
}

type Aggregate = NonNullable<Extractor['aggregate']>;

/** Gathers facts from matched lines, combining repeats as each extractor says. */
export class FactCollector {
  readonly facts: Facts = {};
  readonly sources = new Map<FactName, FactSource>();
  readonly #priority = new Map<FactName, number>();
  // A per-device sum must not add the same line twice (two patterns may read one line).
  readonly #summed = new Set<string>();
  // The scan hands a line seen before verbatim the same match (and groups) again: their values are
  // read once. The 20 MB bench's worst case (every fixture line repeated) reads ~8,000 lines' matches
  // ~50,000 times. Only reused matches are kept: keeping every match cost a log whose lines all differ
  // (the llama-server session) ~20 ms in WeakMap inserts that were never read.
  readonly #read = new WeakMap<object, GroupValue[]>();

  /**
   * Records the named groups of a match. `reused`: the scan gave this same match before (a line seen
   * verbatim), so its values are read once and kept; a fresh match is read directly.
   */
  addGroups(groups: Record<string, string | undefined> | undefined, aggregate: Aggregate, source: FactSource, reused = false): void {
    if (!groups) return;
    let values = reused ? this.#read.get(groups) : undefined;
    if (!values) {
      values = readGroups(groups);
      if (reused) this.#read.set(groups, values);
    }
    for (const v of values) {
      if (v.numeric) this.#setNumber(v.fact, v.value, aggregate, source);
      else this.#set(v.fact, v.value, aggregate, source);
    }
  }

  /** Records constant facts (runtime, backend); a higher priority replaces a lower one. */
  addConstants(values: Partial<Facts>, priority: number, source: FactSource): void {
    for (const [fact, value] of Object.entries(values) as [FactName, string][]) {
      if ((this.#priority.get(fact) ?? -1) >= priority) continue;
      this.#priority.set(fact, priority);
      (this.facts as Record<string, unknown>)[fact] = value;
      this.sources.set(fact, source);
    }
  }

  #setNumber(fact: FactName, value: number, aggregate: Aggregate, source: FactSource): void {
    let current = this.facts[fact as keyof Facts] as number | undefined;
    // Per-device lines of one run are consecutive; a log of several runs sums each run afresh.
    if (aggregate === 'sum' && current !== undefined && source.line - (this.sources.get(fact)?.line ?? 0) > SUM_WINDOW) current = undefined;
    if (aggregate === 'sum' && current !== undefined) {
      const key = `${fact}:${source.line}`;
      if (this.#summed.has(key)) return;
      this.#summed.add(key);
      return this.#set(fact, round(current + value), 'last', source);
    }
    if (aggregate === 'sum') this.#summed.add(`${fact}:${source.line}`);
    if (aggregate === 'max' && current !== undefined && current >= value) return;
    this.#set(fact, value, aggregate === 'max' ? 'last' : aggregate, source);
  }

  #set(fact: FactName, value: string | number | boolean, aggregate: Aggregate, source: FactSource): void {
    if (aggregate === 'first' && this.facts[fact as keyof Facts] !== undefined) return;
    (this.facts as Record<string, unknown>)[fact] = value;
    this.sources.set(fact, source);
  }
}

/** A fact read from a group: a number (summed or maxed by its aggregate) or a text or flag. */
type GroupValue = { fact: FactName; numeric: true; value: number } | { fact: FactName; numeric: false; value: string | boolean };

/** The facts a match's named groups hold (`requestedMiB__bytes` read as MiB), skipping what does not parse. */
function readGroups(groups: Record<string, string | undefined>): GroupValue[] {
  const values: GroupValue[] = [];
  for (const [name, raw] of Object.entries(groups)) {
    if (raw === undefined) continue;
    const [fact, unit] = name.split('__') as [FactName, string | undefined];
    if (isNumericFact(fact)) {
      const value = toMiB(raw, unit);
      if (value !== undefined) values.push({ fact, value: round(value), numeric: true });
    } else if (isTextFact(fact)) {
      const value = raw.trim();
      if (value) values.push({ fact, value, numeric: false });
    } else if (fact === 'flashAttention') {
      const value = parseFlag(raw);
      if (value !== undefined) values.push({ fact, value, numeric: false });
    }
  }
  return values;
}

const round = (v: number) => Math.round(v * 100) / 100;
/** Lines between two per-device buffer lines of the same run, at most. */
const SUM_WINDOW = 40;
