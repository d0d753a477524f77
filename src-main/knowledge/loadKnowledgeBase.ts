import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileKnowledgeBase, KnowledgeBaseError, type CompiledKnowledgeBase } from '../../src-shared/knowledge/compileKnowledgeBase.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';

/**
 * The knowledge base folder: `HEADROOM_KB_DIR`, else `resources/knowledge-base` found upwards from
 * this file (the source tree, out/main of a build, or an app's resources folder).
 */
export function knowledgeBaseDir(): string {
  if (process.env.HEADROOM_KB_DIR) return process.env.HEADROOM_KB_DIR;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, 'resources', 'knowledge-base');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new HeadroomError('The knowledge base folder was not found.', {
    code: 'knowledge_base_missing',
    hint: 'Run Headroom from its installation (resources/knowledge-base ships with it), or set HEADROOM_KB_DIR to that folder.',
  });
}

/** Reads every `*.json` entry of the folder, validates and compiles them. */
export function loadKnowledgeBase(dir = knowledgeBaseDir()): CompiledKnowledgeBase {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const problems: string[] = [];
  const raw = files.flatMap((file) => {
    try {
      return [{ source: file, data: JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown }];
    } catch (error) {
      problems.push(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      return [];
    }
  });
  try {
    if (problems.length) throw new KnowledgeBaseError(problems);
    return compileKnowledgeBase(raw);
  } catch (error) {
    if (error instanceof KnowledgeBaseError) {
      throw new HeadroomError(error.message, { code: 'knowledge_base_invalid', hint: 'Fix the named entries in resources/knowledge-base (each is validated against KnowledgeEntrySchema).', cause: error });
    }
    throw error;
  }
}

let cached: { dir: string; kb: CompiledKnowledgeBase } | undefined;

/** The knowledge base, loaded once per process (entries are data shipped with the app). */
export function knowledgeBase(): CompiledKnowledgeBase {
  const dir = knowledgeBaseDir();
  if (cached?.dir !== dir) cached = { dir, kb: loadKnowledgeBase(dir) };
  return cached.kb;
}
