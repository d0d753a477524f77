import { EXTRACTORS, type Extractor } from './extractors.js';
import { FactNameSchema } from './Facts.js';
import { FAMILY_RULES } from './familyRules.js';
import type { SimilarityModel } from './similarity/SimilarityModel.js';
import { KnowledgeEntrySchema, type KnowledgeEntry } from './KnowledgeEntry.js';
import { captureNames, literalTests, PatternDialectError } from './regexAnchors.js';
import { buildScanIndex, type LineRule, type ScanIndex } from './scanText.js';
import { SPEED_EXTRACTORS, type SpeedExtractor } from './speedExtractors.js';

/** What a scan rule belongs to. */
export type RuleOwner =
  | { kind: 'signature'; entry: number; signature: number }
  | { kind: 'extractor'; extractor: Extractor }
  | { kind: 'speed'; speed: SpeedExtractor }
  | { kind: 'family'; rule: number };

/** The knowledge base ready to match: entries, and one scan index over all their patterns and the extractors. */
export interface CompiledKnowledgeBase {
  entries: KnowledgeEntry[];
  index: ScanIndex;
  owners: RuleOwner[];
  /** The similarity model, asked when no entry or family is sure (absent: never). */
  similarity?: SimilarityModel;
}

/** The knowledge base failed validation; `problems` names each file and what is wrong. */
export class KnowledgeBaseError extends Error {
  override name = 'KnowledgeBaseError';
  constructor(readonly problems: string[]) {
    super(`The knowledge base is invalid:\n- ${problems.join('\n- ')}`);
  }
}

const UNITS = new Set(['bytes', 'KiB', 'GiB', 'TiB', 'MB', 'GB', 'KB', 'hex']);
const PLACEHOLDER = /\{(contextSize|gpuLayers|batchSize|ubatchSize|typeK|typeV|threads|parallel)\}/g;

/** Validates raw entries (parsed JSON) and compiles their patterns. Throws {@link KnowledgeBaseError}. */
export function compileKnowledgeBase(raw: { source: string; data: unknown }[]): CompiledKnowledgeBase {
  const problems: string[] = [];
  const entries: KnowledgeEntry[] = [];
  for (const { source, data } of raw) {
    const parsed = KnowledgeEntrySchema.safeParse(data);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((i) => `${source}: ${i.path.join('.') || '(entry)'}: ${i.message}`));
      continue;
    }
    problems.push(...checkEntry(parsed.data).map((p) => `${source}: ${p}`));
    entries.push(parsed.data);
  }
  const ids = new Map<string, number>();
  for (const e of entries) ids.set(e.id, (ids.get(e.id) ?? 0) + 1);
  for (const [id, count] of ids) if (count > 1) problems.push(`id "${id}" is used by ${count} entries`);

  const rules: LineRule[] = [];
  const owners: RuleOwner[] = [];
  const add = (pattern: string, owner: RuleOwner, where: string) => {
    try {
      rules.push({ regex: new RegExp(pattern, 'i'), ...literalTests(pattern) });
      owners.push(owner);
    } catch (error) {
      problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  entries.forEach((entry, e) => entry.signatures.forEach((sig, s) => add(sig.pattern, { kind: 'signature', entry: e, signature: s }, `${entry.id} signature ${s}`)));
  EXTRACTORS.forEach((extractor, i) => {
    problems.push(...checkCaptureNames(extractor.pattern).map((p) => `extractor ${i}: ${p}`));
    add(extractor.pattern, { kind: 'extractor', extractor }, `extractor ${i}`);
  });
  SPEED_EXTRACTORS.forEach((speed, i) => add(speed.pattern, { kind: 'speed', speed }, `speed extractor ${i}`));
  FAMILY_RULES.forEach((rule, i) => add(rule.pattern, { kind: 'family', rule: i }, `family rule ${i}`));
  if (problems.length) throw new KnowledgeBaseError(problems);
  return { entries, index: buildScanIndex(rules), owners };
}

function checkEntry(entry: KnowledgeEntry): string[] {
  const problems: string[] = [];
  entry.signatures.forEach((sig, i) => {
    try {
      new RegExp(sig.pattern, 'i');
    } catch (error) {
      problems.push(`signature ${i}: not a valid regex: ${String(error)}`);
    }
    problems.push(...checkCaptureNames(sig.pattern).map((p) => `signature ${i}: ${p}`));
  });
  entry.fixes.forEach((fix, i) => {
    for (const [runtime, command] of Object.entries(fix.commands)) {
      for (const m of command.matchAll(PLACEHOLDER)) {
        if (!(m[1]! in fix.change)) problems.push(`fix ${i} (${runtime}): placeholder {${m[1]}} has no value in "change"`);
      }
      const unknown = command.replace(PLACEHOLDER, '').match(/\{[A-Za-z]+\}/);
      if (unknown) problems.push(`fix ${i} (${runtime}): unknown placeholder ${unknown[0]}`);
    }
    for (const key of Object.keys(fix.adjust ?? {})) {
      if (!(key in fix.change)) problems.push(`fix ${i}: adjusts ${key} but "change" has no ${key} to start from`);
    }
  });
  return problems;
}

/** Group names must be facts, optionally with a unit: `requestedMiB__bytes`. */
function checkCaptureNames(pattern: string): string[] {
  return captureNames(pattern).flatMap((name) => {
    const [fact, unit, extra] = name.split('__');
    if (extra !== undefined || !FactNameSchema.safeParse(fact).success) return [`capture group "${name}" is not a fact name`];
    if (unit !== undefined && !UNITS.has(unit)) return [`capture group "${name}" has an unknown unit "${unit}"`];
    return [];
  });
}

export { PatternDialectError };
