import type { ProbeHeader, ProbeStatus, StepResult } from '../../src-shared/contract/probe.js';
import { probeFile, readProbeFile } from '../probe/probeFiles.js';
import { ProbeFileError } from './ProbeFileError.js';

/** A probe file read back: its header, its steps in order, and its last status line. */
export interface LoadedProbe {
  path: string;
  header: ProbeHeader;
  steps: StepResult[];
  status: ProbeStatus | null;
  /** Lines that did not parse (a line torn by a crash mid-write is the usual one). */
  badLines: number;
}

/** Where a probe is: its id in `<dataDir>/probes/`, or a path to its JSONL file. */
export type ProbeLocation = { probeId?: string; probePath?: string };

/** Reads a probe file with the probe's own reader, from its id or its path. */
export async function loadProbe(dataDir: string, location: ProbeLocation): Promise<LoadedProbe> {
  const path = location.probePath ?? (location.probeId ? probeFile(dataDir, location.probeId) : undefined);
  if (!path) throw new ProbeFileError('No probe given.', 'Pass a probe id (from `headroom probe --list`) or the path of its .jsonl file.');
  const contents = readProbeFile(path);
  return { path, header: contents.header, steps: contents.steps, status: contents.status?.status ?? null, badLines: contents.badLines };
}
