import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GgufSummarySchema, type GgufSummary } from '../../../src-shared/domain/models/GgufSummary.js';

/** Remote headers already read, one JSON file per reference in `<dataDir>/remote-headers/`. */
export function headerCacheFile(dataDir: string, key: string): string {
  return join(dataDir, 'remote-headers', `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
}

/** The cached summary, or null when there is none or it does not parse (then it is read again). */
export async function readCachedHeader(file: string): Promise<GgufSummary | null> {
  try {
    return GgufSummarySchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return null;
  }
}

/** Written beside the cache file and renamed into place, so a reader never sees half a file. */
export async function writeCachedHeader(file: string, summary: GgufSummary): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  try {
    await writeFile(partial, JSON.stringify(summary));
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
}
