/**
 * A model that lives on a server, named the ways people name one:
 * - `url`: any `https://…` (or `http://…`) address of a `.gguf` file;
 * - `hfFile`: `hf:owner/repo/path/file.gguf` (optionally `hf:owner/repo@revision/file.gguf`);
 * - `hfQuant`: `owner/repo:Q4_K_M`, as Ollama (`hf.co/owner/repo:Q4_K_M`) and llama.cpp's `-hf` spell it.
 *   Without a tag, llama.cpp picks Q4_K_M, and so do we.
 */
export type RemoteRef =
  | { kind: 'url'; url: string }
  | { kind: 'hfFile'; repo: string; revision: string; file: string }
  | { kind: 'hfQuant'; repo: string; revision: string; quant: string };

export const DEFAULT_QUANT = 'Q4_K_M';

const REPO = '[A-Za-z0-9][A-Za-z0-9._-]*\\/[A-Za-z0-9][A-Za-z0-9._-]*';
const HF_FILE = new RegExp(`^hf:(${REPO})(?:@([A-Za-z0-9._/-]+?))?\\/(.+\\.gguf)$`, 'i');
const HF_QUANT = new RegExp(`^(?:hf:|hf\\.co\\/|huggingface\\.co\\/)?(${REPO})(?::([A-Za-z0-9._-]+))?$`);

/** Whether `text` names a remote model (as opposed to a path on disk). Local paths are never remote. */
export function looksRemote(text: string): boolean {
  return /^(https?:\/\/|hf:|hf\.co\/|huggingface\.co\/)/i.test(text) || (/^[^/\\.~][^/\\]*\/[^/\\]+:[^/\\]+$/.test(text) && !/\.gguf$/i.test(text));
}

/**
 * The remote model `text` names, or null when it is not one of the forms above. A bare `owner/repo`
 * (no tag, no `hf:`) is left to the caller, because it is also a relative path.
 */
export function parseRemoteRef(text: string): RemoteRef | null {
  const t = text.trim();
  if (/^https?:\/\//i.test(t)) {
    try {
      const url = new URL(t);
      return url.hostname ? { kind: 'url', url: url.href } : null;
    } catch {
      return null;
    }
  }
  const file = HF_FILE.exec(t);
  if (file) return { kind: 'hfFile', repo: file[1]!, revision: file[2] ?? 'main', file: file[3]! };
  const quant = HF_QUANT.exec(t);
  if (quant && (quant[2] !== undefined || /^(hf:|hf\.co\/|huggingface\.co\/)/i.test(t))) {
    return { kind: 'hfQuant', repo: quant[1]!, revision: 'main', quant: quant[2] ?? DEFAULT_QUANT };
  }
  return null;
}

/** The files of `repo` that hold quant `quant`: one file, or every part of a split one, first part first. */
export function filesForQuant(files: string[], quant: string): string[] {
  const tag = quant.toLowerCase();
  const matches = files.filter((f) => {
    const name = f.toLowerCase();
    if (!name.endsWith('.gguf') || /(^|\/)mmproj/.test(name)) return false;
    // The tag must stand alone in the name (Q4_K does not match Q4_K_M), as llama.cpp's -hf matches it.
    const at = name.lastIndexOf(tag);
    if (at < 0) return false;
    const before = name[at - 1];
    const after = name[at + tag.length];
    return (before === undefined || /[^a-z0-9]/.test(before)) && (after === undefined || /[.-]/.test(after));
  });
  const single = matches.filter((f) => !/-\d{5}-of-\d{5}\.gguf$/i.test(f));
  if (single.length) return [single.sort()[0]!];
  const firsts = matches.filter((f) => /-00001-of-\d{5}\.gguf$/i.test(f)).sort();
  if (!firsts.length) return [];
  const prefix = firsts[0]!.replace(/-00001-of-\d{5}\.gguf$/i, '');
  return matches.filter((f) => f.startsWith(`${prefix}-`)).sort();
}

/** Every part of a split GGUF address (`…-00001-of-00003.gguf`), or the address alone. */
export function splitUrls(url: string): string[] {
  const m = /^(.*)-(\d{5})-of-(\d{5})\.gguf(\?.*)?$/i.exec(url);
  if (!m) return [url];
  const total = Number(m[3]);
  if (total < 2 || total > 999) return [url];
  return Array.from({ length: total }, (_, i) => `${m[1]}-${String(i + 1).padStart(5, '0')}-of-${m[3]}.gguf${m[4] ?? ''}`);
}
