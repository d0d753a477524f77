import { existsSync, readFileSync } from 'node:fs';
import { writeJsonFile } from '../storage/writeJsonFile.js';
import { join } from 'node:path';
import { z } from 'zod';
import { ensureDataDir } from '../storage/dataDir.js';

const StoredSettingsSchema = z.object({ llamaCppBin: z.string().nullable().default(null) }).passthrough();
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;

export function appSettingsPath(dataDir: string): string {
  return join(dataDir, 'settings.json');
}

/** The stored settings; an absent or unreadable file reads as the defaults (a bad file is replaced on the next save). */
export function readAppSettings(dataDir: string): StoredSettings {
  const path = appSettingsPath(dataDir);
  if (!existsSync(path)) return { llamaCppBin: null };
  try {
    return StoredSettingsSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return { llamaCppBin: null };
  }
}

/** Writes the settings whole (temporary file, then rename), keeping keys this version does not know. */
export function saveAppSettings(dataDir: string, change: Partial<StoredSettings>): StoredSettings {
  ensureDataDir(dataDir);
  const next = { ...readAppSettings(dataDir), ...change };
  const path = appSettingsPath(dataDir);
  writeJsonFile(path, next, 2);
  return next;
}
