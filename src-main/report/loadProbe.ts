import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProbeRecordSchema, type ProbeHeader, type ProbeStatus, type StepResult } from '../../src-shared/contract/probe.js';
import { ProbeFileError } from './ProbeFileError.js';

/** A probe file read back: its header, its steps in order, and its last status line. */
export interface LoadedProbe {
  path: string;
  header: ProbeHeader;
  steps: StepResult[];
  status: ProbeStatus | null;
}

/** Where a probe is: its id in `<dataDir>/probes/`, or a path to its JSONL file. */
export type ProbeLocation = { probeId?: string; probePath?: string };

export function probePathOf(dataDir: string, location: ProbeLocation): string {
  if (location.probePath) return location.probePath;
  if (location.probeId) return join(dataDir, 'probes', `${location.probeId}.jsonl`);
  throw new ProbeFileError('No probe given.', 'Pass a probe id (from `headroom probe list`) or the path of its .jsonl file.');
}

/**
 * Reads `<dataDir>/probes/<id>.jsonl` (or any path): the header line, then step and status lines.
 * A torn last line (the app was killed while writing it) is skipped; any other bad line is an error.
 */
export async function loadProbe(dataDir: string, location: ProbeLocation): Promise<LoadedProbe> {
  const path = probePathOf(dataDir, location);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProbeFileError(`Cannot read the probe file ${path}: ${code === 'ENOENT' ? 'it does not exist' : (code ?? String(error))}.`, 'Check the path (probe files are <data folder>/probes/<id>.jsonl), or list the probes with `headroom probe list`.', error);
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  let header: ProbeHeader | undefined;
  const steps: StepResult[] = [];
  let status: ProbeStatus | null = null;
  lines.forEach((line, index) => {
    const record = parseLine(line, index, index === lines.length - 1, path);
    if (!record) return;
    if (record.type === 'header') header = record;
    else if (record.type === 'step') {
      const { type: _type, ...step } = record;
      steps.push(step);
    } else status = record.status;
  });
  if (!header) throw new ProbeFileError(`${path} has no header line, so it is not a Headroom probe file.`, 'Pass a file written by `headroom probe` (its first line is {"type":"header",…}).');
  return { path, header, steps, status };
}

function parseLine(line: string, index: number, last: boolean, path: string) {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    if (last) return undefined;
    throw new ProbeFileError(`Line ${index + 1} of ${path} is not JSON.`, 'The file is damaged; run the probe again.', error);
  }
  const parsed = ProbeRecordSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problem = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ');
  throw new ProbeFileError(`Line ${index + 1} of ${path} is not a probe record (${problem}).`, 'Pass a probe file written by `headroom probe` with this version of Headroom.');
}
