import type { Finding, FindingSeverity, RuntimeAudit } from '../../contract/audit.js';
import type { KnowledgeEntry } from '../../knowledge/KnowledgeEntry.js';
import type { AuditContext } from './AuditContext.js';
import { KNOWN_VERSION_ISSUE, knowledgeFindings } from './knowledgeFindings.js';
import type { LiveFacts } from './LiveFacts.js';
import { makeFinding, type FindingDraft } from './makeFinding.js';
import { logFailure, noModelLoaded } from './runtimeFindings.js';

/** The order a person should read their findings in when severities tie. */
const READING_ORDER = ['no_model_loaded', 'log_failure', 'context_below_prompts', 'per_slot_division', 'context_small_default', 'cpu_spill', 'context_above_verified', KNOWN_VERSION_ISSUE, 'kv_cache_pressure', 'kv_cache_defaults'];

const RANK: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

const order = (id: string) => {
  const i = READING_ORDER.indexOf(id);
  return i < 0 ? READING_ORDER.length : i;
};

/** Findings for one live runtime, worst first; each with its evidence, its knowledge-base entry and a fix in the runtime's syntax. */
export function auditFindings(facts: LiveFacts, ctx: AuditContext, entries: readonly KnowledgeEntry[]): Finding[] {
  const drafts = [noModelLoaded(facts), logFailure(facts), ...knowledgeFindings(facts, ctx, entries)].filter((d): d is FindingDraft => d !== null);
  return drafts
    .sort((a, b) => order(a.id) - order(b.id))
    .map((d) => makeFinding(facts, d))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

/** The audit of a runtime that answered, against the knowledge base's entries. */
export function auditRuntime(facts: LiveFacts, ctx: AuditContext, entries: readonly KnowledgeEntry[]): RuntimeAudit {
  return {
    kind: facts.kind,
    url: facts.url,
    reachable: true,
    version: facts.version,
    settings: facts.settings,
    models: facts.models,
    findings: auditFindings(facts, ctx, entries),
    endpoints: facts.endpoints,
    settingSources: facts.settingSources,
  };
}
