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
  /** What the frozen knowledge base answered the first time it saw this log. */
  firstContact?: { kbCommit: string; diagnosed: string };
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
