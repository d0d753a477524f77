import { opendir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A .gguf file found below a root. */
export interface FoundFile {
  path: string;
  /** Path relative to the root, with `/` separators. */
  relative: string;
  realPath: string;
  sizeBytes: number;
}

export interface ScanOptions {
  /** Folders deeper than this are not entered. Defaults to 8. */
  maxDepth?: number;
  signal?: AbortSignal;
  /** Called once per folder entered. */
  onFolder?: (path: string) => void;
}

export interface TreeScan {
  files: FoundFile[];
  /** Folders that could not be read, with the reason. */
  unreadable: { path: string; reason: string }[];
}

/**
 * Every `.gguf` below `root`, following symlinks (to files and folders) but entering each real folder once,
 * so link cycles end. Unreadable folders are reported, not thrown.
 */
export async function scanTree(root: string, options: ScanOptions = {}): Promise<TreeScan> {
  const maxDepth = options.maxDepth ?? 8;
  const result: TreeScan = { files: [], unreadable: [] };
  const entered = new Set<string>();
  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    options.signal?.throwIfAborted();
    let real: string;
    try {
      real = await realpath(dir);
    } catch (error) {
      result.unreadable.push({ path: dir, reason: reason(error) });
      return;
    }
    if (entered.has(real) || depth > maxDepth) return;
    entered.add(real);
    options.onFolder?.(dir);
    let handle;
    try {
      handle = await opendir(dir);
    } catch (error) {
      result.unreadable.push({ path: dir, reason: reason(error) });
      return;
    }
    const subfolders: [string, string][] = [];
    for await (const entry of handle) {
      const path = join(dir, entry.name);
      const relative = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) subfolders.push([path, relative]);
      else if (entry.isFile() || entry.isSymbolicLink()) {
        const info = await stat(path).catch(() => null);
        if (info?.isDirectory()) subfolders.push([path, relative]);
        else if (info?.isFile() && entry.name.toLowerCase().endsWith('.gguf')) {
          result.files.push({ path, relative, realPath: await realpath(path).catch(() => path), sizeBytes: info.size });
        }
      }
    }
    for (const [path, relative] of subfolders.sort()) await walk(path, relative, depth + 1);
  };
  await walk(root, '', 0);
  return result;
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'does not exist' : String((error as Error).message ?? error);
}
