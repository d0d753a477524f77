import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeBase } from '../../src-main/knowledge/loadKnowledgeBase';
import type { CompiledKnowledgeBase } from '../../src-shared/knowledge/compileKnowledgeBase';
import type { Category } from '../../src-shared/knowledge/KnowledgeEntry';
import { ROOT } from '../support/paths';

/** One real log excerpt of tests/fixtures/logs, with where it comes from. */
export interface LogFixture {
  file: string;
  category: Category;
  runtime: string;
  backend: string;
  source: string;
  url: string;
  summary: string;
  /** The entry that should explain it (null: nothing should match). */
  entry: string | null;
  /** Collected after the knowledge base was frozen, to measure how it generalises (batch 1 or 2). */
  heldOut?: boolean;
  heldOutBatch?: number;
  /** What the frozen knowledge base answered the first time it saw this log (and its other candidates, from batch 3). */
  firstContact?: { kbCommit: string; diagnosed: string; candidates?: string[]; date?: string };
  /**
   * Batches from 3 on: `test` is the frozen third (chosen by a hash of the thread before anyone authored
   * against it), never looked at or tuned to; `dev` may shape the knowledge base. Absent: the first
   * fixtures, written together with the knowledge base.
   */
  split?: 'dev' | 'test';
  os?: string;
  year?: number;
  /** A log the matcher gets wrong, and why (the text does not carry the answer). */
  knownMiss?: string;
  relabeled?: { from: string; why: string };
}

export const KB_DIR = join(ROOT, 'resources', 'knowledge-base');
export const LOGS_DIR = join(ROOT, 'tests', 'fixtures', 'logs');

let kb: CompiledKnowledgeBase | undefined;
export const knowledgeBase = () => (kb ??= loadKnowledgeBase(KB_DIR));

export const logFixtures = (): LogFixture[] => JSON.parse(readFileSync(join(LOGS_DIR, 'sources.json'), 'utf8')) as LogFixture[];
export const readLog = (file: string) => readFileSync(join(LOGS_DIR, file), 'utf8');
/** The fixtures the knowledge base was written from (before the split corpus of batch 3 on). */
export const authoredFixtures = (): LogFixture[] => logFixtures().filter((f) => !f.split);

// Lines in llama.cpp's own wording (src/llama-kv-cache.cpp, ggml-cuda.cu, common.cpp of the bundled
// release), arranged as one failing run: a 32k context whose f16 KV cache needs 8 GiB with 4 GiB free.
export const KV_OOM_LOG = [
  'load_tensors: offloaded 33/33 layers to GPU',
  'llama_context: n_ctx         = 32768',
  'llama_context: flash_attn    = auto',
  '0.00.139.519 I   - CUDA0   : NVIDIA GeForce RTX 4070 (12282 MiB, 4096 MiB free)',
  'ggml_backend_cuda_buffer_type_alloc_buffer: allocating 8192.00 MiB on device 0: cudaMalloc failed: out of memory',
  'alloc_tensor_range: failed to allocate CUDA0 buffer of size 8589934592',
  'llama_init_from_model: failed to initialize the context: failed to allocate buffer for kv cache',
].join('\n');
