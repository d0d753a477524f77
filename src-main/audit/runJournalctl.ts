import { execFile, type ExecFileException } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { JournalError } from './JournalError.js';

/** How long one journalctl read may take. */
const JOURNALCTL_TIMEOUT_MS = 10_000;
const MACHINE_ID = /^[0-9a-f]{32}$/;
const isJournalFile = (name: string) => name.endsWith('.journal') || name.endsWith('.journal~');

/** The journal folder to read: the one given, else HEADROOM_JOURNAL_DIR, else null (this machine's journal). */
export function journalDirectory(given?: string | null): string | null {
  return given || process.env.HEADROOM_JOURNAL_DIR || null;
}

/** journalctl's arguments that choose the journal: a folder's files, or (none) this machine's. */
export function journalSource(directory: string | null): string[] {
  // --merge: without it --follow keeps to the boot that was the latest when it started, and a copied
  // journal gains entries of later boots (a server restarted since the copy began).
  return directory ? ['--directory', directory, '--merge'] : [];
}

/** journalctl's stdout for these arguments, read-only; a folder is checked for journal files first. */
export async function runJournalctl(args: string[], directory: string | null): Promise<string> {
  if (directory) await checkJournalDirectory(directory);
  return new Promise((resolve, reject) => {
    execFile('journalctl', [...journalSource(directory), ...args], { timeout: JOURNALCTL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(journalctlError(error, stderr, directory));
      else resolve(stdout);
    });
  });
}

/** journalctl says nothing when a folder holds no journal, so look first: its files, or its machine-id folders' (/var/log/journal). */
async function checkJournalDirectory(dir: string): Promise<void> {
  const list = async (path: string) => {
    try {
      return await readdir(path, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') throw new JournalError('journal_unreadable', `Cannot read the journal folder "${path}": permission denied.`, PERMISSION_HINT, error);
      throw new JournalError('journal_not_found', `No journal folder at "${path}".`, FOLDER_HINT, error);
    }
  };
  const entries = await list(dir);
  if (entries.some((e) => e.isFile() && isJournalFile(e.name))) return;
  for (const sub of entries.filter((e) => e.isDirectory() && MACHINE_ID.test(e.name))) {
    if ((await list(join(dir, sub.name))).some((e) => e.isFile() && isJournalFile(e.name))) return;
  }
  throw new JournalError('journal_not_found', `"${dir}" holds no journal files (*.journal).`, FOLDER_HINT);
}

const FOLDER_HINT = 'Give the folder that holds the *.journal files: /var/log/journal (or /var/log/journal/<machine-id>) on the server, or a copy of it.';
const PERMISSION_HINT = 'Run Headroom as a user that may read the journal (root, or a member of systemd-journal or adm), or copy the journal files somewhere readable and give that folder with --journal-dir.';

function journalctlError(error: ExecFileException, stderr: string, directory: string | null): JournalError {
  const where = directory ? `the journal in "${directory}"` : "this machine's journal";
  if (error.code === 'ENOENT') {
    return new JournalError('journalctl_missing', `journalctl is not installed here, so ${where} cannot be read.`, 'Install systemd (it provides journalctl), or on a machine that has it run: journalctl -u ollama --no-pager | headroom diagnose -', error);
  }
  const said = stderr.trim().split('\n')[0] ?? '';
  if (/insufficient permissions|Permission denied/i.test(stderr)) return new JournalError('journal_unreadable', `journalctl cannot read ${where}: ${said}`, PERMISSION_HINT, error);
  const why = error.killed ? `it did not answer within ${JOURNALCTL_TIMEOUT_MS / 1000} s` : said || error.message;
  return new JournalError('journal_unreadable', `journalctl failed on ${where}: ${why}`, 'Check that journalctl can read it yourself (journalctl -u ollama), or pipe it in: journalctl -u ollama --no-pager | headroom diagnose -', error);
}
