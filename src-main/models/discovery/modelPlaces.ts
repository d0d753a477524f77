import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { ModelSource } from '../../../src-shared/contract/models.js';

/** A place where a tool keeps models, and how to read it. */
export interface ModelPlace {
  source: ModelSource;
  path: string;
  /** `ollama`: manifests → blobs; `huggingface`: models--org--name/snapshots; `tree`: any .gguf below. */
  layout: 'ollama' | 'huggingface' | 'tree';
}

type Env = Record<string, string | undefined>;

/**
 * Every place to look, in priority order (a file found twice keeps the first name). Environment variables
 * win over the defaults, as they do for the tools themselves.
 */
export function modelPlaces(env: Env, dataDir: string, userFolders: string[], home = os.homedir()): ModelPlace[] {
  const platform = process.platform;
  const cache = env.XDG_CACHE_HOME || (platform === 'darwin' ? join(home, 'Library', 'Caches') : platform === 'win32' ? env.LOCALAPPDATA || join(home, 'AppData', 'Local') : join(home, '.cache'));
  const hfHome = env.HF_HOME || join(env.XDG_CACHE_HOME || join(home, '.cache'), 'huggingface');
  const places: ModelPlace[] = [
    { source: 'synthetic', path: join(dataDir, 'models', 'synthetic'), layout: 'tree' },
    ...ollamaRoots(env, home).map((path): ModelPlace => ({ source: 'ollama', path, layout: 'ollama' })),
    ...lmStudioRoots(home).map((path): ModelPlace => ({ source: 'lmstudio', path, layout: 'tree' })),
    { source: 'huggingface', path: env.HF_HUB_CACHE || env.HUGGINGFACE_HUB_CACHE || join(hfHome, 'hub'), layout: 'huggingface' },
    { source: 'llama.cpp', path: env.LLAMA_CACHE || join(cache, 'llama.cpp'), layout: 'tree' },
    { source: 'node-llama-cpp', path: join(home, '.node-llama-cpp', 'models'), layout: 'tree' },
    ...userFolders.map((path): ModelPlace => ({ source: 'folder', path, layout: 'tree' })),
  ];
  const seen = new Set<string>();
  return places.filter((p) => (seen.has(p.path) ? false : (seen.add(p.path), true)));
}

function ollamaRoots(env: Env, home: string): string[] {
  if (env.OLLAMA_MODELS) return [env.OLLAMA_MODELS];
  // The Linux service runs as the `ollama` user with its home in /usr/share/ollama.
  return [join(home, '.ollama', 'models'), ...(process.platform === 'linux' ? ['/usr/share/ollama/.ollama/models'] : [])];
}

function lmStudioRoots(home: string): string[] {
  const roots = [join(home, '.lmstudio', 'models'), join(home, '.cache', 'lm-studio', 'models')];
  // LM Studio records a moved home folder in ~/.lmstudio-home-pointer.
  const pointer = join(home, '.lmstudio-home-pointer');
  if (existsSync(pointer)) {
    try {
      const target = readFileSync(pointer, 'utf8').trim();
      if (target) roots.unshift(join(target, 'models'));
    } catch {
      // An unreadable pointer leaves the default folders.
    }
  }
  return roots;
}
