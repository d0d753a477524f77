import type { AuditRuntime, LogDiagnosis } from '../../src-shared/contract/audit.js';
import type { LogMatch } from '../../src-shared/domain/audit/LiveFacts.js';
import { sinceLastStart } from '../../src-shared/domain/audit/sinceLastStart.js';
import type { LogRuntime } from '../../src-shared/knowledge/KnowledgeEntry.js';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog.js';
import { knowledgeBase } from '../knowledge/loadKnowledgeBase.js';
import { journalUnit, readFileTail, readJournal } from './readLogTail.js';
import { journalDirectory } from './runJournalctl.js';

/** The knowledge base's name for each audited runtime's logs. */
export const LOG_RUNTIME: Record<AuditRuntime, LogRuntime> = { ollama: 'ollama', 'llama-server': 'llama.cpp', lmstudio: 'lmstudio', vllm: 'vllm' };

/**
 * Diagnoses the last failure of a runtime from its log: the tail of the file (or the journal),
 * cut to the last start, matched by the same engine as a pasted log. Reads; never writes.
 * A journal is this machine's, or the folder `journalDir` (defaults to HEADROOM_JOURNAL_DIR).
 */
export async function diagnoseLogFile(path: string, runtime: AuditRuntime | null, journalDir?: string | null): Promise<LogDiagnosis> {
  const unit = journalUnit(path);
  const directory = unit ? journalDirectory(journalDir) : null;
  const text = unit ? await readJournal(unit, directory) : await readFileTail(path);
  const recent = sinceLastStart(text, runtime);
  return { path, journalDir: directory, runtime, startLine: recent.startLine, ...diagnoseText(recent.text, runtime) };
}

/** The best knowledge-base match of a log excerpt, in the audit's words. */
export function diagnoseText(text: string, runtime: AuditRuntime | null): Pick<LogDiagnosis, 'lines' | 'best'> {
  if (text.trim() === '') return { lines: 0, best: null };
  const d = diagnoseLog(knowledgeBase(), { text, ...(runtime ? { runtime: LOG_RUNTIME[runtime] } : {}), maxMatches: 3 });
  const m = d.matches[0];
  return {
    lines: d.lines,
    best: m ? { id: m.id, title: m.title, category: m.category, confidence: m.confidence, evidence: m.evidence.map((e) => ({ line: e.line, text: e.text })), fixes: m.fixes.map((f) => f.title) } : null,
  };
}

/** The best match on a log's last run, for an audit finding; null when nothing matched. */
export function logMatch(path: string, log: string, runtime: AuditRuntime): LogMatch | null {
  const recent = sinceLastStart(log, runtime);
  if (recent.text.trim() === '') return null;
  const m = diagnoseLog(knowledgeBase(), { text: recent.text, runtime: LOG_RUNTIME[runtime], maxMatches: 1 }).matches[0];
  if (!m) return null;
  const fix = m.fixes.find((f) => Object.keys(f.change).some((k) => k !== 'action' && k !== 'env')) ?? m.fixes[0];
  return { path, startLine: recent.startLine, entryId: m.id, title: m.title, category: m.category, evidence: m.evidence.map((e) => ({ line: e.line, text: e.text })), fixTitle: fix?.title ?? null, change: fix?.change ?? {} };
}
