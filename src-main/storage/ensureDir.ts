import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';

/**
 * Creates a folder and its missing parents one level at a time. Node's `mkdir({recursive: true})` spins
 * forever under /proc (a path such as /proc/nope/x), so this walks up to the first existing folder
 * itself and fails at once where a level cannot be made.
 */
export async function ensureDir(path: string): Promise<void> {
  const missing: string[] = [];
  let at = path;
  for (;;) {
    const info = await stat(at).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(cannotCreate(path, error))));
    if (info) {
      if (!info.isDirectory()) throw cannotCreate(path, new Error(`${at} is not a folder`));
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
    at = dirname(at);
  }
  for (const dir of missing) await mkdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'EEXIST' ? undefined : Promise.reject(cannotCreate(path, error))));
}

function cannotCreate(path: string, error: Error): HeadroomError {
  const reason = (error as NodeJS.ErrnoException).code ?? error.message;
  return new HeadroomError(`Cannot create the folder ${path} (${reason}).`, { code: 'folder_unwritable', hint: 'Choose a folder you can write to.', cause: error });
}
