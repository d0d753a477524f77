import { opendir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OllamaModel {
  /** `qwen3:8b`, `user/model:tag`, or `host/namespace/model:tag`, as `ollama list` shows it. */
  name: string;
  blobPath: string;
}

interface Unreadable {
  path: string;
  reason: string;
}

const MODEL_LAYER = 'application/vnd.ollama.image.model';

/** Models in an Ollama store: each manifest names a model blob (`sha256:<hex>` → `blobs/sha256-<hex>`). */
export async function ollamaModels(root: string, signal?: AbortSignal): Promise<{ models: OllamaModel[]; unreadable: Unreadable[] }> {
  const { files, unreadable } = await listManifests(join(root, 'manifests'), signal);
  const models: OllamaModel[] = [];
  for (const manifest of files) {
    const digest = await modelDigest(manifest.path);
    if (digest) models.push({ name: ollamaName(manifest.relative), blobPath: join(root, 'blobs', digest.replace(':', '-')) });
  }
  return { models, unreadable };
}

/** `registry.ollama.ai/library/qwen3/8b` → `qwen3:8b`; other namespaces and hosts keep their prefix. */
export function ollamaName(relative: string): string {
  const parts = relative.split('/');
  const tag = parts.pop() ?? 'latest';
  const model = parts.pop() ?? '?';
  const [host, namespace] = parts;
  const prefix = host === 'registry.ollama.ai' ? (namespace === 'library' ? '' : `${namespace}/`) : parts.length ? `${parts.join('/')}/` : '';
  return `${prefix}${model}:${tag}`;
}

/** Manifests sit at host/namespace/model/tag and have no extension. */
async function listManifests(dir: string, signal?: AbortSignal): Promise<{ files: { path: string; relative: string }[]; unreadable: Unreadable[] }> {
  const files: { path: string; relative: string }[] = [];
  const unreadable: Unreadable[] = [];
  const walk = async (path: string, rel: string, depth: number): Promise<void> => {
    signal?.throwIfAborted();
    let handle;
    try {
      handle = await opendir(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || depth > 0) unreadable.push({ path, reason: code === 'EACCES' ? 'permission denied' : (code ?? String(error)) });
      return;
    }
    for await (const entry of handle) {
      const child = join(path, entry.name);
      const relative = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && depth < 3) await walk(child, relative, depth + 1);
      else if (entry.isFile() && depth === 3) files.push({ path: child, relative });
    }
  };
  await walk(dir, '', 0);
  return { files, unreadable };
}

async function modelDigest(manifestPath: string): Promise<string | null> {
  try {
    const text = await readFile(manifestPath, 'utf8');
    if (text.length > 1_000_000) return null;
    const manifest = JSON.parse(text) as { layers?: { mediaType?: string; digest?: string }[] };
    const digest = manifest.layers?.find((l) => l.mediaType === MODEL_LAYER)?.digest;
    return typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : null;
  } catch {
    return null;
  }
}
