import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HeadroomError } from '../../../src-shared/errors/HeadroomError.js';

/** The user's llama.cpp tools tune runs. */
export interface LlamaCppBin {
  dir: string;
  bench: string;
  fitParams: string;
  /** Where the folder came from: the environment, the folder given, or PATH. */
  from: 'HEADROOM_LLAMA_CPP_BIN' | 'settings' | 'PATH';
}

const TOOLS = ['llama-bench', 'llama-fit-params'] as const;

/**
 * Finds `llama-bench` and `llama-fit-params`: in HEADROOM_LLAMA_CPP_BIN, else in the folder set in
 * Settings (or passed), else on PATH. Null when none of them has both.
 */
export function findLlamaCppBin(env: NodeJS.ProcessEnv, folder?: string): LlamaCppBin | null {
  const candidates: { dir: string; from: LlamaCppBin['from'] }[] = [
    ...(env.HEADROOM_LLAMA_CPP_BIN ? [{ dir: env.HEADROOM_LLAMA_CPP_BIN, from: 'HEADROOM_LLAMA_CPP_BIN' as const }] : []),
    ...(folder ? [{ dir: folder, from: 'settings' as const }] : []),
    ...(env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => ({ dir, from: 'PATH' as const })),
  ];
  for (const c of candidates) {
    if (TOOLS.every((t) => executable(join(c.dir, t)))) return { dir: c.dir, bench: join(c.dir, 'llama-bench'), fitParams: join(c.dir, 'llama-fit-params'), from: c.from };
  }
  return null;
}

/** Like {@link findLlamaCppBin}, but a missing install is an error that says what to do. */
export function requireLlamaCppBin(env: NodeJS.ProcessEnv, folder?: string): LlamaCppBin {
  const bin = findLlamaCppBin(env, folder);
  if (bin) return bin;
  throw new HeadroomError('No llama.cpp tools (llama-bench and llama-fit-params) found.', {
    code: 'llama_cpp_not_found',
    hint: 'Set HEADROOM_LLAMA_CPP_BIN to the folder holding them, pass --llama-cpp-bin FOLDER, put them on PATH, or build them with `bash scripts/buildLlamaCpp.sh`.',
  });
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
