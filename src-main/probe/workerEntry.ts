import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';

const ENTRY = 'probeWorker.js';

/**
 * The built worker script. Built code finds it beside itself (out/main, or one folder up from
 * a chunk); source code run by tests finds the build under out/main of the project.
 */
export function workerEntry(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    for (const candidate of [join(dir, ENTRY), join(dir, 'out', 'main', ENTRY)]) {
      if (existsSync(candidate)) return candidate;
    }
    dir = dirname(dir);
  }
  throw new HeadroomError('The probe worker has not been built.', {
    code: 'worker_not_built',
    hint: 'Run `npm run build` (npm install does it once) and try again.',
  });
}
