import type { Diagnosis } from '../../../src-shared/knowledge/Diagnosis';
import { redactText } from '../../../src-shared/domain/report/redact';

/** The name a downloaded report gets. */
export const REPORT_FILE_NAME = 'headroom-diagnosis-redacted.txt';

/**
 * A plain-text report to share where the log was not understood: what Headroom made of it, then the log.
 * Home folders become `~` and credentials `[redacted]` (the report module's redaction), over all of it,
 * since evidence lines quote the log.
 */
export function diagnosisReport(diagnosis: Diagnosis, text: string): string {
  const where = [diagnosis.runtime, diagnosis.backend].filter(Boolean).join(' · ');
  const lines = [
    'Headroom diagnosis report (redacted: home folders are shown as ~, credentials as [redacted])',
    `category: ${diagnosis.category}`,
    `log: ${diagnosis.lines} lines, ${diagnosis.bytes} bytes${where ? ` · ${where}` : ''}`,
    ...diagnosis.candidates.map((c, i) => `candidate ${i + 1}: ${c.category} (${Math.round(c.confidence * 100)} %, by ${c.basis}${c.entryId ? ` ${c.entryId}` : ''}): ${c.title}. Deciding fact: ${c.decidingFact}`),
    ...(diagnosis.nextSteps.length > 0 ? ['next steps:', ...diagnosis.nextSteps.map((s) => `- ${s}`)] : []),
    '',
    '--- log ---',
    text,
  ];
  return redactText(lines.join('\n'));
}
