import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ProbeRecordSchema, type ProbeHeader, type ProbeRecord, type ProbeStatus, type StepResult } from '../../src-shared/contract/probe.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import { calibrateFromProbeFile } from '../calibration/calibrationStore.js';
import { readRegularFile } from '../storage/readRegularFile.js';
import { ensureDataDir } from '../storage/dataDir.js';
import { isAlive } from './isAlive.js';

// A probe is one JSON Lines file, `<dataDir>/probes/<id>.jsonl`: a header, then step and status records
// in the order they happened. Each record is written and fsync'd before the next step starts, so a
// killed app loses only the step that was running.

export function probesDir(dataDir: string): string {
  return join(dataDir, 'probes');
}

export function probeFile(dataDir: string, id: string): string {
  return join(probesDir(dataDir), `${id}.jsonl`);
}

/** Creates the file with its header; refuses to overwrite. */
export function createProbeFile(dataDir: string, header: ProbeHeader): string {
  ensureDataDir(dataDir, 'probes');
  const path = probeFile(dataDir, header.id);
  writeDurably(path, header, 'wx');
  return path;
}

/** Appends one record and waits until it is on disk. */
export function appendProbeRecord(path: string, record: ProbeRecord): void {
  const parsed = ProbeRecordSchema.parse(record);
  writeDurably(path, parsed, 'a');
  // Every measured step, a probe's or a tune's, also calibrates this machine's memory estimates.
  if (parsed.type === 'step') calibrateFromProbeFile(path, parsed);
}

function writeDurably(path: string, record: ProbeRecord, flags: 'a' | 'wx'): void {
  const fd = openSync(path, flags === 'a' ? 'a+' : flags);
  try {
    // A line torn by a crash mid-write has no newline: end it first, or it would swallow this record.
    const torn = flags === 'a' && !endsWithNewline(fd);
    writeSync(fd, `${torn ? '\n' : ''}${JSON.stringify(record)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function endsWithNewline(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

/** Probe files are a few KB per step; anything far larger is not one. */
export const MAX_PROBE_FILE_BYTES = 64 * 2 ** 20;

/** What a probe file holds. */
export interface ProbeFileContents {
  header: ProbeHeader;
  steps: StepResult[];
  /** The last status record, if any. */
  status: { status: ProbeStatus; at: string; message: string | null } | null;
  /** Lines that did not parse (a line cut short by a crash mid-write is the usual one). */
  badLines: number;
  updatedAt: string;
}

export function readProbeFile(path: string): ProbeFileContents {
  if (!existsSync(path)) throw new ProbeNotFoundError(path);
  const text = readRegularFile(path, { maxBytes: MAX_PROBE_FILE_BYTES, what: 'a probe file', hint: 'Pass a probe id (from `headroom probe --list`) or the .jsonl file of a probe.' }).toString('utf8');
  return parseProbeLines(text, path);
}

/** A probe file's text, line by line: the header, the steps in order, the last status. */
export function parseProbeLines(text: string, path: string): ProbeFileContents {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  let header: ProbeHeader | null = null;
  const steps: StepResult[] = [];
  let status: ProbeFileContents['status'] = null;
  let badLines = 0;
  let updatedAt = '';
  for (const line of lines) {
    const record = parseLine(line);
    if (!record) {
      badLines++;
      continue;
    }
    if (record.type === 'header') {
      header = record;
      updatedAt = record.createdAt;
    } else if (record.type === 'step') {
      const { type: _type, ...step } = record;
      steps.push(step);
      updatedAt = step.startedAt;
    } else {
      status = { status: record.status, at: record.at, message: record.message };
      updatedAt = record.at;
    }
  }
  if (!header) throw new HeadroomError(`${path} has no valid header line.`, { code: 'probe_file_invalid', hint: 'The file is damaged or not a Headroom probe; pass a probe id, a probe .jsonl file, or the document `headroom probe --out` wrote.' });
  return { header, steps, status, badLines, updatedAt };
}

function parseLine(line: string): ProbeRecord | null {
  try {
    const parsed = ProbeRecordSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Probe ids in the data folder, newest first (ids start with their creation time). */
export function listProbeIds(dataDir: string): string[] {
  const dir = probesDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => f.slice(0, -'.jsonl'.length))
    .sort()
    .reverse();
}

export class ProbeNotFoundError extends HeadroomError {
  override name = 'ProbeNotFoundError';
  constructor(path: string) {
    super(`No probe file at ${path}.`, { code: 'probe_not_found', hint: 'List the probes (`headroom probe --list` or the Probe screen) and use one of their ids.' });
  }
}

/** What a probe file's reader skipped, in words for a status message; null when nothing was. */
export function skippedLinesNote(badLines: number): string | null {
  return badLines > 0 ? `${badLines} line${badLines > 1 ? 's' : ''} of the probe file could not be read and ${badLines > 1 ? 'were' : 'was'} skipped.` : null;
}

/** Files in the probes folder that are not readable probes (no header line), by file name. */
export function damagedProbeFiles(dataDir: string): string[] {
  return listProbeIds(dataDir).filter((id) => {
    try {
      readProbeFile(probeFile(dataDir, id));
      return false;
    } catch {
      return true;
    }
  }).map((id) => `${id}.jsonl`);
}

/**
 * Takes the probe's run lock (`<id>.jsonl.lock`, holding the pid), so that two processes never append
 * to one probe: a second `--resume` would write a duplicate step and a second `done`. A lock left by a
 * process that died is taken over. Returns the release function.
 */
export function lockProbeFile(path: string): () => void {
  const lock = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lock, 'utf8'));
      if (isAlive(holder) || justCreated(lock, holder)) throw new HeadroomError(`The probe in ${path} is already running in process ${holder || '(starting)'}.`, { code: 'probe_running', hint: 'Wait for it to finish (or stop that process), then resume it.' });
      rmSync(lock, { force: true });
    }
  }
  throw new HeadroomError(`Could not take the lock ${lock}.`, { code: 'probe_running', hint: 'Another process keeps taking it; retry when it has finished.' });
}

/**
 * A lock without a pid yet: the file is created before the pid is written into it, so another process
 * may read it empty in between. That is a run starting, not one that died, unless it stays empty.
 */
function justCreated(lock: string, holder: number): boolean {
  if (Number.isInteger(holder) && holder > 0) return false;
  try {
    return Date.now() - statSync(lock).mtimeMs < EMPTY_LOCK_GRACE_MS;
  } catch {
    return false;
  }
}
const EMPTY_LOCK_GRACE_MS = 10_000;
