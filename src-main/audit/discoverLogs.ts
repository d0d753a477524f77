import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { LogLocation } from '../../src-shared/contract/audit.js';
import { logCandidates, type LogCandidate, type LogPlaces } from '../../src-shared/domain/audit/logCandidates.js';
import { parseServerArgs } from '../../src-shared/domain/audit/parseServerArgs.js';
import { findListeningProcess } from './findListeningProcess.js';
import { journalDirectory, runJournalctl } from './runJournalctl.js';

/** Options of {@link discoverLogs}; each defaults to this machine. */
export interface DiscoverOptions {
  places?: LogPlaces;
  /** Look for a running llama-server on this port for its --log-file (0: do not look). Defaults to 8080. */
  llamaServerPort?: number;
  /** Whether to look for journald units. Defaults to true on Linux, or when a journal folder is given. */
  journald?: boolean;
  /** A journal folder (a copy of a server's /var/log/journal): its units are listed instead of asking systemd. Defaults to HEADROOM_JOURNAL_DIR. */
  journalDir?: string | null;
}

/** Every place each runtime's log may be, checked (never opened for writing); those that exist first. */
export async function discoverLogs(options: DiscoverOptions = {}): Promise<LogLocation[]> {
  const places = options.places ?? thisMachine();
  const journalDir = journalDirectory(options.journalDir);
  const found: LogLocation[] = [];
  // A journal folder is read whatever this OS is: a Mac can hold a copy of a Linux server's journal.
  const candidates = [...logCandidates(places), ...(journalDir && places.platform !== 'linux' ? logCandidates({ ...places, platform: 'linux' }).filter((c) => c.kind === 'journald') : [])];
  for (const c of candidates) {
    if (c.kind === 'journald') {
      if (!(options.journald ?? (journalDir !== null || places.platform === 'linux'))) continue;
      if (journalDir) found.push(...(await journalUnits(c, journalDir)));
      else found.push({ runtime: c.runtime, kind: 'journald', path: `journalctl -u ${c.path}`, journalDir: null, exists: await unitExists(c.path), sizeBytes: null, modifiedAt: null, note: c.note });
      continue;
    }
    const path = c.kind === 'folder' ? ((await newestLog(c.path)) ?? c.path) : c.path;
    found.push({ runtime: c.runtime, kind: 'file', path, journalDir: null, note: c.note, ...(await fileFacts(c.kind === 'folder' && path === c.path ? null : path)) });
  }
  const server = options.llamaServerPort === 0 ? null : await findListeningProcess(options.llamaServerPort ?? 8080).catch(() => null);
  const logFile = server ? parseServerArgs(server.argv).logFile : null;
  if (logFile) found.push({ runtime: 'llama-server', kind: 'file', path: logFile, journalDir: null, note: `--log-file of the llama-server running as pid ${server!.pid}`, ...(await fileFacts(logFile)) });
  return found.sort((a, b) => Number(b.exists) - Number(a.exists));
}

function thisMachine(): LogPlaces {
  const platform = process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
  return { platform, home: os.homedir(), localAppData: process.env.LOCALAPPDATA ?? null };
}

async function fileFacts(path: string | null): Promise<Pick<LogLocation, 'exists' | 'sizeBytes' | 'modifiedAt'>> {
  if (path === null) return { exists: false, sizeBytes: null, modifiedAt: null };
  try {
    const info = await stat(path);
    return info.isFile() ? { exists: true, sizeBytes: info.size, modifiedAt: info.mtime.toISOString() } : { exists: false, sizeBytes: null, modifiedAt: null };
  } catch {
    return { exists: false, sizeBytes: null, modifiedAt: null };
  }
}

/** The most recently modified `*.log` under a folder (LM Studio nests them by month). */
async function newestLog(dir: string): Promise<string | null> {
  if (!existsSync(dir)) return null;
  let best: { path: string; mtime: number } | null = null;
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.log')) continue;
    const path = join(entry.parentPath, entry.name);
    const mtime = (await stat(path)).mtimeMs;
    if (!best || mtime > best.mtime) best = { path, mtime };
  }
  return best?.path ?? null;
}

/** The units in a journal folder named like the candidate's (`ollama.service`, `ollama-gpu1.service`…); errors say why the folder cannot be read. */
async function journalUnits(c: LogCandidate, dir: string): Promise<LogLocation[]> {
  const units = (await runJournalctl(['--field', '_SYSTEMD_UNIT'], dir)).split('\n').filter((u) => u.includes(c.path)).sort();
  const location = (unit: string, exists: boolean, note: string): LogLocation => ({ runtime: c.runtime, kind: 'journald', path: `journalctl -u ${unit}`, journalDir: dir, exists, sizeBytes: null, modifiedAt: null, note });
  if (units.length === 0) return [location(c.path, false, `no ${c.path} unit in the journal at ${dir}`)];
  return units.map((u) => location(u, true, `${u} in the journal at ${dir}`));
}

function unitExists(unit: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('systemctl', ['list-unit-files', `${unit}.service`, '--no-legend'], { timeout: 3000 }, (error, stdout) => resolve(!error && stdout.includes(unit)));
  });
}
