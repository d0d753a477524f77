import { ProbeHeaderSchema, ProbeStatusSchema, StepResultSchema, type ProbeHeader, type ProbeStatus, type StepResult } from '../../src-shared/contract/probe.js';
import { existsSync } from 'node:fs';
import { MAX_PROBE_FILE_BYTES, parseProbeLines, probeFile, probesDir, ProbeNotFoundError } from '../probe/probeFiles.js';
import { insideFolder } from '../storage/insideFolder.js';
import { readRegularFile } from '../storage/readRegularFile.js';
import { ProbeFileError } from './ProbeFileError.js';
import { z } from 'zod';

/** A probe file read back: its header, its steps in order, and its last status line. */
export interface LoadedProbe {
  path: string;
  header: ProbeHeader;
  steps: StepResult[];
  status: ProbeStatus | null;
  /** Lines that did not parse (a line torn by a crash mid-write is the usual one). */
  badLines: number;
}

/** Where a probe is: its id in `<dataDir>/probes/`, or a path to its JSONL file (or to what `probe --out` wrote). */
export type ProbeLocation = { probeId?: string; probePath?: string };

const WHAT_TO_PASS = 'Pass a probe id (from `headroom probe --list`), the .jsonl file of a probe, or the JSON document `headroom probe --out` wrote.';

/** The document `headroom probe --out FILE` writes: a probe's summary with its plan and steps. */
const ProbeDocumentSchema = z.object({
  id: ProbeHeaderSchema.shape.id,
  createdAt: z.string(),
  model: ProbeHeaderSchema.shape.model,
  plan: ProbeHeaderSchema.shape.plan,
  steps: z.array(StepResultSchema),
  status: ProbeStatusSchema,
});

/**
 * Reads a probe from its id, its JSONL file or the `probe --out` document, with the probe's own reader.
 * Only regular files of a probe's size are read. `confined` (the web bridge) reads only inside the data
 * folder, and refuses other paths without looking at them.
 */
export async function loadProbe(dataDir: string, location: ProbeLocation, confined = false): Promise<LoadedProbe> {
  const path = probePath(dataDir, location, confined);
  const text = readRegularFile(path, { maxBytes: MAX_PROBE_FILE_BYTES, what: 'a probe file', hint: WHAT_TO_PASS }).toString('utf8');
  const document = probeDocument(text);
  if (document) {
    const { steps, status, ...rest } = document;
    return { path, header: { type: 'header', formatVersion: 1, id: rest.id, createdAt: rest.createdAt, model: rest.model, plan: rest.plan }, steps, status, badLines: 0 };
  }
  try {
    const contents = parseProbeLines(text, path);
    return { path, header: contents.header, steps: contents.steps, status: contents.status?.status ?? null, badLines: contents.badLines };
  } catch (error) {
    throw new ProbeFileError(`${path} has no valid header line, so it is not a Headroom probe (neither a probe's .jsonl file nor the document \`headroom probe --out\` writes).`, WHAT_TO_PASS, error);
  }
}

function probePath(dataDir: string, location: ProbeLocation, confined: boolean): string {
  const path = location.probeId ? probeFile(dataDir, location.probeId) : location.probePath && (confined ? confine(dataDir, location.probePath) : location.probePath);
  if (!path) throw new ProbeFileError('No probe given.', WHAT_TO_PASS);
  if (!existsSync(path)) throw new ProbeNotFoundError(path);
  return path;
}

/** A path inside the data folder (a bare file name is looked for in its probes folder); others are refused unlooked. */
function confine(dataDir: string, probePath: string): string {
  const inside = insideFolder(dataDir, probePath.includes('/') ? probePath : `${probesDir(dataDir)}/${probePath}`);
  if (!inside) throw new ProbeFileError('Over the web bridge only probes in the data folder can be read.', 'Pass the probe id (the Probe screen lists them), or a path inside the data folder.');
  return inside;
}

function probeDocument(text: string): z.infer<typeof ProbeDocumentSchema> | null {
  if (!text.trimStart().startsWith('{')) return null;
  try {
    const parsed = ProbeDocumentSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
