import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { writeJsonFile } from '../storage/writeJsonFile.js';
import { join } from 'node:path';
import { TuneResultSchema, type TuneResult } from '../../src-shared/contract/tune.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';

// A tune is one JSON file, `<dataDir>/tunes/<id>.json`, rewritten whole after every step (write to a
// temporary name, then rename, so a killed app leaves the previous complete version).

export function tunesDir(dataDir: string): string {
  return join(dataDir, 'tunes');
}

export function tuneFile(dataDir: string, id: string): string {
  return join(tunesDir(dataDir), `${id}.json`);
}

export function saveTune(dataDir: string, result: TuneResult): void {
  mkdirSync(tunesDir(dataDir), { recursive: true });
  const path = tuneFile(dataDir, result.id);
  writeJsonFile(path, TuneResultSchema.parse(result), 2);
}

export function readTune(dataDir: string, id: string): TuneResult {
  const path = tuneFile(dataDir, id);
  if (!existsSync(path)) throw new TuneNotFoundError(id);
  const parsed = TuneResultSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new HeadroomError(`${path} is not a valid tune file: ${parsed.error.message}`, { code: 'tune_file_invalid', hint: 'Delete the file, or run the tune again.' });
  return parsed.data;
}

/** Tune ids, newest first (ids start with their creation time). */
export function listTuneIds(dataDir: string): string[] {
  const dir = tunesDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort().reverse();
}

export class TuneNotFoundError extends HeadroomError {
  override name = 'TuneNotFoundError';
  constructor(id: string) {
    super(`No tune ${id} in the data folder.`, { code: 'tune_not_found', hint: 'List the tunes (`headroom tune --list` or the Tune screen) and use one of their ids.' });
  }
}
