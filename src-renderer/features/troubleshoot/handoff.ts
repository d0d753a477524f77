import type { LogRuntime } from '../../../src-shared/knowledge/KnowledgeEntry';

// A log too large for the URL travels from the Diagnose screen to the troubleshooter in memory.
let pending: { text: string; runtime: LogRuntime | null } | null = null;

export function handOffLog(text: string, runtime: LogRuntime | null): void {
  pending = { text, runtime };
}

/** The handed-over log, once. */
export function takeHandedOffLog(): { text: string; runtime: LogRuntime | null } | null {
  const value = pending;
  pending = null;
  return value;
}
