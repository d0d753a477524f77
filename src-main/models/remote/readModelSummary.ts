import type { GgufSummary } from '../../../src-shared/domain/models/GgufSummary.js';
import { looksRemote } from '../../../src-shared/domain/whatif/parseRemoteRef.js';
import { defaultDataDir } from '../../storage/dataDir.js';
import { readGgufSummary, type ReadGgufSummaryOptions } from '../gguf/readGgufSummary.js';
import { readRemoteSummary } from './readRemoteSummary.js';

/** A GGUF's summary from a path on disk, or from a remote reference's header (cached in `dataDir`, defaults to the app data folder). */
export async function readModelSummary(pathOrRef: string, dataDir?: string, options: ReadGgufSummaryOptions = {}): Promise<GgufSummary> {
  if (looksRemote(pathOrRef)) return readRemoteSummary(pathOrRef, { dataDir: dataDir ?? defaultDataDir() });
  return readGgufSummary(pathOrRef, options);
}
