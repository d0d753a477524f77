import { spawnSync } from 'node:child_process';

// Real journal files without a running journald (no systemd as PID 1 here): systemd's own journal-remote
// writes them from entries in the journal export format, as a copy of a server's /var/log/journal would hold.

/** systemd-journal-remote, from Debian's systemd-journal-remote package. */
export const JOURNAL_REMOTE = '/lib/systemd/systemd-journal-remote';

/** The journal clock: each entry advances it one second, so later writes sort after earlier ones. */
export interface JournalClock {
  us: number;
}

/** `Jun 10 21:22:18 host ollama[159]: MESSAGE` (journalctl's short output) as the export-format entry journald stored. */
export function journalEntry(line: string, boot: string, clock: JournalClock, unit = 'ollama.service'): string {
  const m = /^\w{3} +\d+ [\d:]+ (\S+) ([\w.-]+)\[(\d+)\]: (.*)$/.exec(line);
  if (!m) throw new Error(`not a journal line: ${line}`);
  clock.us += 1_000_000;
  const fields = { __REALTIME_TIMESTAMP: clock.us, __MONOTONIC_TIMESTAMP: clock.us - 1_733_000_000_000_000, _BOOT_ID: boot, _HOSTNAME: m[1], SYSLOG_IDENTIFIER: m[2], _PID: m[3], _SYSTEMD_UNIT: unit, _TRANSPORT: 'stdout', PRIORITY: 6, MESSAGE: m[4] };
  return `${Object.entries(fields).map(([k, v]) => `${k}=${String(v)}`).join('\n')}\n\n`;
}

/** Writes (or appends to) a journal file with systemd-journal-remote, from the export format on its stdin. */
export function writeJournal(file: string, lines: string[], boot: string, clock: JournalClock): void {
  const run = spawnSync(JOURNAL_REMOTE, [`--output=${file}`, '-'], { input: lines.map((l) => journalEntry(l, boot, clock)).join(''), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`systemd-journal-remote failed (${run.status}): ${run.stderr}`);
}
