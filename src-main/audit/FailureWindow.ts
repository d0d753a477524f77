import type { AuditRuntime, LogDiagnosis } from '../../src-shared/contract/audit.js';
import { sinceLastStart } from '../../src-shared/domain/audit/sinceLastStart.js';
import { diagnoseText } from './diagnoseLogFile.js';

/** A failure newly seen in a followed log: the diagnosis, and the first new line it rests on. */
export interface NewFailure {
  line: string;
  diagnosis: NonNullable<LogDiagnosis['best']>;
}

/**
 * The current run's last lines of a followed log (a file or a journal), diagnosed as lines arrive:
 * a failure is raised once, when a new line is part of its evidence.
 */
export class FailureWindow {
  #lines: string[] = [];
  #seen = new Set<string>();

  constructor(
    private readonly runtime: AuditRuntime | null,
    /** Lines of the current run kept for diagnosis. Defaults to 500. */
    private readonly size = 500,
  ) {}

  /** Adds appended lines; a failure they show that was not raised before, or null. */
  push(lines: string[]): NewFailure | null {
    const window = sinceLastStart([...this.#lines, ...lines].join('\n'), this.runtime).text.split('\n');
    this.#lines = window.slice(-this.size);
    const firstNew = this.#lines.length - Math.min(lines.length, this.#lines.length) + 1;
    const { best } = diagnoseText(this.#lines.join('\n'), this.runtime);
    if (!best) return null;
    const fresh = best.evidence.filter((e) => e.line >= firstNew);
    const key = `${best.id}:${fresh.map((e) => e.text).join('|')}`;
    if (fresh.length === 0 || this.#seen.has(key)) return null;
    this.#seen.add(key);
    return { line: fresh[0]!.text, diagnosis: best };
  }

  /** Forgets everything: the log started over (rotation). */
  reset(): void {
    this.#lines = [];
    this.#seen.clear();
  }
}
