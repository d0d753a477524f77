import { renameSync, writeFileSync } from 'node:fs';

/**
 * Writes a JSON document whole: to a temporary file beside it, then renamed over it, so a reader (or a crash
 * mid-write) never sees half a file. `indent` as JSON.stringify takes it; the file ends with a newline.
 */
export function writeJsonFile(path: string, value: unknown, indent?: number): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, indent)}\n`);
  renameSync(tmp, path);
}
