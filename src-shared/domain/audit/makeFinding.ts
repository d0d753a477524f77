import type { AuditEvidence, Finding, FindingSeverity } from '../../contract/audit.js';
import type { SettingsChange } from '../../contract/settings.js';
import { correctCommandLine } from './correctCommandLine.js';
import { fixLine } from './fixLine.js';
import type { LiveFacts } from './LiveFacts.js';

/** What a finding builder decides; {@link makeFinding} adds the fix lines. */
export interface FindingDraft {
  id: string;
  severity: FindingSeverity;
  message: string;
  evidence: AuditEvidence[];
  fixTitle: string;
  change: SettingsChange;
  knowledgeEntry: string | null;
}

/** A finding with its fix written in the runtime's syntax (and, for llama-server on this machine, its whole corrected command line). */
export function makeFinding(facts: LiveFacts, draft: FindingDraft): Finding {
  const model = facts.models[0]?.name ?? null;
  // A change that sets no flag (an upgrade, an action) leaves the command line as it was: no corrected line then.
  const setsFlag = Object.keys(draft.change).some((key) => key !== 'action' && key !== 'env');
  const command = facts.kind === 'llama-server' && facts.commandLine && setsFlag ? correctCommandLine(facts.commandLine, draft.change, facts.settings.slots ?? 1) : null;
  return {
    id: draft.id,
    severity: draft.severity,
    message: draft.message,
    evidence: draft.evidence,
    fix: { runtime: facts.kind, title: draft.fixTitle, line: fixLine(facts.kind, draft.change, model), change: draft.change, command },
    knowledgeEntry: draft.knowledgeEntry,
  };
}

/** `n` with thousands separators, as the messages write numbers. */
export const num = (n: number) => n.toLocaleString('en-US');

/** A context size rounded up to a multiple of 1,024 tokens. */
export const roundContext = (n: number) => Math.ceil(n / 1024) * 1024;
