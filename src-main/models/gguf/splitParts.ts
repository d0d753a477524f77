const SPLIT = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/;

/** Every part of a split GGUF (`name-00001-of-00003.gguf`), or just `path`. Missing parts are left for the reader to report. */
export function splitParts(path: string): string[] {
  const match = SPLIT.exec(path);
  if (!match) return [path];
  const total = Number(match[3]);
  if (total < 2 || total > 999) return [path];
  return Array.from({ length: total }, (_, i) => `${match[1]}-${String(i + 1).padStart(5, '0')}-of-${match[3]}.gguf`);
}
