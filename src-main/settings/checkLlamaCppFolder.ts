import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';

/** The llama.cpp tools Headroom runs: the server (audit, recipe checks), the bench and the fit planner (tune). */
export const LLAMA_CPP_TOOLS = ['llama-server', 'llama-bench', 'llama-fit-params'] as const;

export class LlamaCppFolderError extends HeadroomError {
  override name = 'LlamaCppFolderError';
}

/** The folder as an absolute path, once it is a folder holding every tool as an executable; else an error naming what is missing. */
export function checkLlamaCppFolder(path: string): string {
  const dir = isAbsolute(path) ? path : resolve(path);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new LlamaCppFolderError(`No folder at ${dir}.`, { code: 'llama_cpp_folder_missing', hint: 'Give the folder that holds llama.cpp\'s programs (llama-server, llama-bench, llama-fit-params), e.g. llama.cpp/build/bin.' });
  }
  if (!isDir) throw new LlamaCppFolderError(`${dir} is a file, not a folder.`, { code: 'llama_cpp_folder_missing', hint: 'Give the folder that holds llama-server, llama-bench and llama-fit-params, not one of the programs.' });
  const exe = process.platform === 'win32' ? '.exe' : '';
  const missing = LLAMA_CPP_TOOLS.filter((tool) => !executable(join(dir, `${tool}${exe}`)));
  if (missing.length) {
    throw new LlamaCppFolderError(`${dir} has no ${missing.join(', ')} (Headroom runs ${LLAMA_CPP_TOOLS.join(', ')}).`, {
      code: 'llama_cpp_tools_missing',
      hint: `Build them (cmake --build build --target ${missing.join(' ')}, or \`bash scripts/buildLlamaCpp.sh\`) and give the folder they land in, usually build/bin.`,
    });
  }
  return dir;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
