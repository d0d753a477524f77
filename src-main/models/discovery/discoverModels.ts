import { realpath, stat } from 'node:fs/promises';
import type { DiscoveredModel, ModelList, ModelSource, ScannedPlace } from '../../../src-shared/contract/models.js';
import { toErrorInfo } from '../../../src-shared/errors/toErrorInfo.js';
import { readGgufSummary } from '../gguf/readGgufSummary.js';
import type { ModelPlace } from './modelPlaces.js';
import { ollamaModels } from './ollamaModels.js';
import { scanTree } from './scanTree.js';

export interface DiscoverOptions {
  places: ModelPlace[];
  folders: string[];
  signal?: AbortSignal;
  /** Progress, at most every `progressIntervalMs` and once per place. */
  onProgress?: (progress: { place: string; foldersScanned: number; modelsFound: number; currentPath: string }) => void;
  /** Least time between two progress reports of a place (0: every folder, as tests need on a fast disk). Defaults to 100 ms. */
  progressIntervalMs?: number;
}

interface Candidate {
  name: string;
  path: string;
  realPath: string;
  source: ModelSource;
  sizeBytes: number;
}

/**
 * Finds GGUF files in every place, names them the way their tool does, and reads each header for its
 * architecture and trained context. A cancelled scan returns what it found until then.
 */
export async function discoverModels(options: DiscoverOptions): Promise<ModelList> {
  const started = Date.now();
  const candidates: Candidate[] = [];
  const places: ScannedPlace[] = [];
  let foldersScanned = 0;
  let lastReport = 0;
  let cancelled = false;
  const report = (place: string, currentPath: string, force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < (options.progressIntervalMs ?? 100)) return;
    lastReport = now;
    options.onProgress?.({ place, foldersScanned, modelsFound: candidates.length, currentPath });
  };
  for (const place of options.places) {
    try {
      report(place.path, place.path, true);
      places.push(await scanPlace(place, candidates, options.signal, (dir) => {
        foldersScanned++;
        report(place.path, dir);
      }));
    } catch (error) {
      if (options.signal?.aborted) {
        cancelled = true;
        break;
      }
      places.push({ source: place.source, path: place.path, status: 'unreadable', models: 0, detail: toErrorInfo(error).message });
    }
  }
  const unique = dedupe(candidates);
  const models: DiscoveredModel[] = [];
  for (const candidate of unique) {
    if (options.signal?.aborted) {
      cancelled = true;
      break;
    }
    models.push(await describe(candidate));
  }
  return { models, places, folders: options.folders, cancelled, durationMs: Date.now() - started };
}

async function scanPlace(place: ModelPlace, out: Candidate[], signal: AbortSignal | undefined, onFolder: (dir: string) => void): Promise<ScannedPlace> {
  const info = await stat(place.path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    const missing = info.code === 'ENOENT';
    return { source: place.source, path: place.path, status: missing ? 'missing' : 'unreadable', models: 0, detail: missing ? null : 'permission denied' };
  }
  const before = out.length;
  const problems: string[] = [];
  if (place.layout === 'ollama') {
    const { models, unreadable } = await ollamaModels(place.path, signal);
    for (const m of models) {
      const blob = await stat(m.blobPath).catch(() => null);
      if (blob?.isFile()) out.push({ name: m.name, path: m.blobPath, realPath: await realpath(m.blobPath), source: 'ollama', sizeBytes: blob.size });
      else problems.push(`${m.name}: blob missing`);
    }
    problems.push(...unreadable.map((u) => `${u.path}: ${u.reason}`));
  } else {
    const scan = await scanTree(place.path, { signal, onFolder, maxDepth: place.layout === 'huggingface' ? 8 : 6 });
    for (const f of scan.files) {
      // Later parts of a split model belong to its first part.
      if (/-(?!00001)\d{5}-of-\d{5}\.gguf$/i.test(f.relative)) continue;
      const name = place.layout === 'huggingface' ? huggingFaceName(f.relative) : treeName(place.source, f.relative);
      if (name) out.push({ name, path: f.path, realPath: f.realPath, source: place.source, sizeBytes: f.sizeBytes });
    }
    problems.push(...scan.unreadable.map((u) => `${u.path}: ${u.reason}`));
  }
  return { source: place.source, path: place.path, status: 'scanned', models: out.length - before, detail: problems.length ? `Skipped: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}` : null };
}

/** `models--Qwen--Qwen3-8B-GGUF/snapshots/<rev>/Qwen3-8B-Q4_K_M.gguf` → `Qwen/Qwen3-8B-GGUF/Qwen3-8B-Q4_K_M`. */
export function huggingFaceName(relative: string): string | null {
  const match = /^models--([^/]+)\/snapshots\/[^/]+\/(.+)\.gguf$/i.exec(relative);
  if (!match) return null;
  return `${match[1]!.split('--').join('/')}/${match[2]}`;
}

function treeName(source: ModelSource, relative: string): string {
  const name = relative.replace(/\.gguf$/i, '');
  // llama.cpp and node-llama-cpp keep flat folders of files named after their origin.
  return source === 'llama.cpp' || source === 'node-llama-cpp' ? name.split('/').pop()! : name;
}

/** The same real file reached twice (HF blobs behind snapshots, a folder inside another) keeps its first name. */
function dedupe(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => (seen.has(c.realPath) ? false : (seen.add(c.realPath), true)));
}

async function describe(c: Candidate): Promise<DiscoveredModel> {
  const base = { name: c.name, path: c.path, source: c.source, sizeBytes: c.sizeBytes };
  try {
    const s = await readGgufSummary(c.path);
    const auxiliary = s.architecture === 'clip' || /mmproj/i.test(c.path);
    return { ...base, sizeBytes: s.sizeBytes, architecture: s.architecture, contextLength: s.geometry.contextLength || null, fileType: s.fileType, auxiliary, synthetic: s.synthetic, error: null };
  } catch (error) {
    return { ...base, architecture: null, contextLength: null, fileType: null, auxiliary: /mmproj/i.test(c.path), synthetic: false, error: toErrorInfo(error) };
  }
}
