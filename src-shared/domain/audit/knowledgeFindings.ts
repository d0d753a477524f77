import type { AuditEvidence, AuditRuntime } from '../../contract/audit.js';
import { RECIPE_RUNTIME } from '../../contract/audit.js';
import { evaluateLiveCondition, type LiveFactValues } from '../../knowledge/evaluateCondition.js';
import type { LiveFactName } from '../../knowledge/Facts.js';
import type { AuditRule, KnowledgeEntry, LiveCondition } from '../../knowledge/KnowledgeEntry.js';
import { versionInRange } from '../../knowledge/versionRange.js';
import type { AuditContext } from './AuditContext.js';
import { FINDING_WRITERS } from './findingWriters.js';
import { liveFactTable, type LiveFactTable } from './liveFactTable.js';
import type { LiveFacts } from './LiveFacts.js';
import type { FindingDraft } from './makeFinding.js';
import { RUNTIME_LABELS } from './runtimeLabels.js';

/** The finding a runtime version in an entry's known-issue range raises. */
export const KNOWN_VERSION_ISSUE = 'known_version_issue';

/**
 * The findings the knowledge base raises on a live runtime: every entry's audit rules whose live
 * conditions hold (scored as a log's conditions are), and every entry whose version range holds
 * the runtime's version. Each names its entry.
 */
export function knowledgeFindings(facts: LiveFacts, ctx: AuditContext, entries: readonly KnowledgeEntry[]): FindingDraft[] {
  const table = liveFactTable(facts, ctx);
  const drafts: FindingDraft[] = [];
  for (const entry of entries) {
    for (const rule of entry.audit ?? []) {
      if (!rule.runtimes.includes(facts.kind)) continue;
      const cited = scoreRule(rule, table.values);
      if (cited) drafts.push(ruleFinding(entry, rule, cited, facts, ctx, table));
    }
    const range = entry.versions?.[facts.kind];
    if (!range || facts.version === null || !versionInRange(facts.kind, facts.version, range)) continue;
    const scope = (entry.versionScope ?? []).map((c) => evaluateLiveCondition(c, table.values));
    if (scope.every((s) => s !== null)) drafts.push(versionFinding(entry, facts.kind, facts.version, range, table, scope.flat() as LiveFactName[]));
  }
  return drafts;
}

/** The facts the holding conditions rest on, when their weights reach the rule's threshold (default: all of them); else null. */
export function scoreRule(rule: AuditRule, values: LiveFactValues): LiveFactName[] | null {
  const held = holding(rule.when, values);
  const positive = rule.when.reduce((sum, c) => sum + Math.max(0, c.weight), 0);
  if (held.score <= 0 || held.score < (rule.threshold ?? positive)) return null;
  return held.facts;
}

function holding(conditions: LiveCondition[], values: LiveFactValues): { score: number; facts: LiveFactName[] } {
  let score = 0;
  const facts: LiveFactName[] = [];
  for (const condition of conditions) {
    const found = evaluateLiveCondition(condition, values);
    if (!found) continue;
    score += condition.weight;
    if (condition.weight > 0) facts.push(...found);
  }
  return { score, facts };
}

function ruleFinding(entry: KnowledgeEntry, rule: AuditRule, cited: LiveFactName[], facts: LiveFacts, ctx: AuditContext, table: LiveFactTable): FindingDraft {
  const written = FINDING_WRITERS[rule.write](facts, ctx, table);
  const escalate = rule.escalate && rule.escalate.when.every((c) => evaluateLiveCondition(c, table.values) !== null);
  const names = [...new Set(rule.evidence ?? cited)];
  return {
    id: rule.finding,
    severity: escalate ? rule.escalate!.severity : rule.severity,
    message: written.message,
    evidence: [...names.flatMap((name) => table.evidence[name] ?? []), ...(written.evidence ?? [])],
    fixTitle: written.fixTitle,
    change: written.change,
    knowledgeEntry: entry.id,
  };
}

/** A runtime at a version with a known issue: the thread as evidence, the entry's first fix (the upgrade) as the fix. */
function versionFinding(entry: KnowledgeEntry, kind: AuditRuntime, version: string, range: string, table: LiveFactTable, scope: LiveFactName[]): FindingDraft {
  const fix = entry.fixes[0]!;
  const line = fix.commands[RECIPE_RUNTIME[kind]];
  const evidence: AuditEvidence[] = [
    ...(table.evidence.runtimeVersion ?? []),
    { source: `knowledge base ${entry.id}`, field: `${RUNTIME_LABELS[kind]} versions with the issue`, value: range },
    ...[...new Set(scope)].flatMap((name) => table.evidence[name] ?? []),
    ...entry.references.map((ref) => ({ source: 'reported in', field: 'thread', value: ref })),
  ];
  return {
    id: KNOWN_VERSION_ISSUE,
    severity: 'warning',
    message: `${RUNTIME_LABELS[kind]} ${version} has a known issue: ${entry.title}. ${entry.cause}`,
    evidence,
    fixTitle: fix.title,
    change: line ? { ...fix.change, action: line } : fix.change,
    knowledgeEntry: entry.id,
  };
}
