import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'bin', 'headroom.js');
export const RESULTS = join(ROOT, 'test-results');

/**
 * A cache kept from one test run to the next (generated tiny models, mesa's shader cache): bounded in size, so it
 * lives in the system's temporary folder rather than the run's own (removed at the end, see testTmpdir.ts). One
 * per user: a folder another user made first in a shared /tmp is not ours to write.
 */
export function testCacheDir(name: string): string {
  return join(process.env.HEADROOM_TEST_CACHE_ROOT ?? os.tmpdir(), `headroom-${name}-${process.getuid?.() ?? 'user'}`);
}
