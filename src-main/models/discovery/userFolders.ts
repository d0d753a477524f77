import { readFile, writeFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { HeadroomError } from '../../../src-shared/errors/HeadroomError.js';
import { ensureDataDir } from '../../storage/dataDir.js';

const FILE = 'model-folders.json';

/** Folders the user added, persisted in the data folder. */
export async function readUserFolders(dataDir: string): Promise<string[]> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, FILE), 'utf8')) as unknown;
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

export async function addUserFolder(dataDir: string, path: string): Promise<string[]> {
  const absolute = isAbsolute(path) ? path : resolve(path);
  const info = await stat(absolute).catch(() => null);
  if (!info?.isDirectory()) {
    throw new HeadroomError(`"${absolute}" is not a folder.`, { code: 'not_a_folder', hint: 'Give the path of an existing folder that holds .gguf files.' });
  }
  const folders = await readUserFolders(dataDir);
  if (!folders.includes(absolute)) folders.push(absolute);
  await writeFile(join(ensureDataDir(dataDir), FILE), JSON.stringify(folders, null, 2));
  return folders;
}

export async function removeUserFolder(dataDir: string, path: string): Promise<string[]> {
  const folders = (await readUserFolders(dataDir)).filter((f) => f !== path);
  await writeFile(join(ensureDataDir(dataDir), FILE), JSON.stringify(folders, null, 2));
  return folders;
}
