import type { Finding, FindingSeverity, RuntimeAudit } from '../../contract/audit.js';
import type { AuditContext } from './AuditContext.js';
import { contextAboveVerified, contextBelowPrompts, logFailure, perSlotDivision, smallDefaultContext } from './contextFindings.js';
import type { LiveFacts } from './LiveFacts.js';
import { makeFinding, type FindingDraft } from './makeFinding.js';
import { cpuSpill, kvCacheDefaults, noModelLoaded, vllmCachePressure } from './memoryFindings.js';

type Rule = (facts: LiveFacts, ctx: AuditContext) => FindingDraft | null;

/** Every check, in the order a person should read their findings when severities tie. */
const RULES: Rule[] = [noModelLoaded, logFailure, contextBelowPrompts, perSlotDivision, smallDefaultContext, cpuSpill, contextAboveVerified, vllmCachePressure, kvCacheDefaults];

const RANK: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Findings for one live runtime, worst first; each with its evidence and a fix in the runtime's syntax. */
export function auditFindings(facts: LiveFacts, ctx: AuditContext): Finding[] {
  const drafts = RULES.map((rule) => rule(facts, ctx)).filter((d): d is FindingDraft => d !== null);
  return drafts.map((d) => makeFinding(facts, d)).sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

/** The audit of a runtime that answered. */
export function auditRuntime(facts: LiveFacts, ctx: AuditContext): RuntimeAudit {
  return {
    kind: facts.kind,
    url: facts.url,
    reachable: true,
    version: facts.version,
    settings: facts.settings,
    models: facts.models,
    findings: auditFindings(facts, ctx),
    endpoints: facts.endpoints,
    settingSources: facts.settingSources,
  };
}
