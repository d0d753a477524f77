import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ProbeRecordSchema, type ProbeHeader, type ProbeRecord, type ProbeStatus, type StepResult } from '../../src-shared/contract/probe.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import { ensureDataDir } from '../storage/dataDir.js';

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
  writeDurably(path, ProbeRecordSchema.parse(record), 'a');
}

function writeDurably(path: string, record: ProbeRecord, flags: 'a' | 'wx'): void {
  const fd = openSync(path, flags);
  try {
    writeSync(fd, `${JSON.stringify(record)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

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
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
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
  if (!header) throw new HeadroomError(`${path} has no valid header line.`, { code: 'probe_file_invalid', hint: 'The file is damaged or not a Headroom probe; delete it or restore it from a backup.' });
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
