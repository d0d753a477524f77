import type { AuditRuntime } from '../../src-shared/contract/audit.js';
import type { LogMatch } from '../../src-shared/domain/audit/LiveFacts.js';
import { logMatch } from './diagnoseLogFile.js';
import { discoverLogs } from './discoverLogs.js';
import { readFileTail } from './readLogTail.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0']);

/**
 * For a runtime on this machine, its own log file where it keeps it (Ollama's server.log, LM Studio's
 * newest server log) matched by the knowledge base since the last start. Null for a remote URL, no
 * log file, or nothing matched. Journald is left to `headroom logs --diagnose`.
 */
export async function runtimeLogMatch(kind: AuditRuntime, url: string): Promise<LogMatch | null> {
  if (!LOOPBACK.has(new URL(url).hostname)) return null;
  const log = (await discoverLogs({ journald: false, llamaServerPort: 0 })).find((l) => l.runtime === kind && l.kind === 'file' && l.exists);
  if (!log) return null;
  try {
    return logMatch(log.path, await readFileTail(log.path, 1024 * 1024), kind);
  } catch {
    return null;
  }
}
