import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';

/**
 * Resolves `path` (relative paths against `folder`) and says whether it stays inside `folder` once
 * symbolic links are followed. A path that does not exist yet is judged by its nearest existing parent.
 * Returns the resolved path, or null when it leads outside.
 */
export function insideFolder(folder: string, path: string): string | null {
  const root = realpath(folder);
  const target = resolve(root, path);
  const real = realpath(target);
  const rel = relative(root, real);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? target : null;
}

function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : resolve(realpath(parent), basename(path));
  }
}
