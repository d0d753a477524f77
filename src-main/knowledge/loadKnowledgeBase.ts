import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileKnowledgeBase, KnowledgeBaseError, type CompiledKnowledgeBase } from '../../src-shared/knowledge/compileKnowledgeBase.js';
import { SimilarityModelSchema, type SimilarityModel } from '../../src-shared/knowledge/similarity/SimilarityModel.js';
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
    const similarity = loadSimilarityModel(dir);
    return { ...compileKnowledgeBase(raw), ...(similarity ? { similarity } : {}) };
  } catch (error) {
    if (error instanceof KnowledgeBaseError) {
      throw new HeadroomError(error.message, { code: 'knowledge_base_invalid', hint: 'Fix the named entries in resources/knowledge-base (each is validated against KnowledgeEntrySchema).', cause: error });
    }
    throw error;
  }
}

/** The similarity model of `similarity/model.json` in the folder, when it ships; it is validated like the entries. */
function loadSimilarityModel(dir: string): SimilarityModel | undefined {
  const file = join(dir, 'similarity', 'model.json');
  if (!existsSync(file)) return undefined;
  const parsed = SimilarityModelSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new KnowledgeBaseError([`similarity/model.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`]);
  return parsed.data;
}

let cached: { dir: string; kb: CompiledKnowledgeBase } | undefined;

/** The knowledge base, loaded once per process (entries are data shipped with the app). */
export function knowledgeBase(): CompiledKnowledgeBase {
  const dir = knowledgeBaseDir();
  if (cached?.dir !== dir) cached = { dir, kb: loadKnowledgeBase(dir) };
  return cached.kb;
}
