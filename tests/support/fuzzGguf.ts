import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../../src-shared/domain/random/mulberry32';
import { readGgufSummary } from '../../src-main/models/gguf/readGgufSummary';

export interface FuzzReport {
  files: number;
  /** Outcome → count: `ok`, or the error's name. */
  outcomes: Record<string, number>;
  /** Errors that were not GgufReadError, with their file index and message. */
  unexpected: string[];
  maxMs: number;
  totalMs: number;
  rssBeforeBytes: number;
  rssMaxBytes: number;
}

/**
 * Reads `count` damaged copies of `source` (truncated anywhere, or with 1–8 random bytes changed in the
 * header, or with a length/count field set to a huge value) and records what the reader did with each.
 */
export async function fuzzGgufReader(source: string, count: number, seed = 42): Promise<FuzzReport> {
  const original = readFileSync(source);
  const headerEnd = Math.min(original.length, 64 * 1024);
  const dir = join(os.tmpdir(), `headroom-fuzz-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const random = mulberry32(seed);
  const report: FuzzReport = { files: count, outcomes: {}, unexpected: [], maxMs: 0, totalMs: 0, rssBeforeBytes: process.memoryUsage().rss, rssMaxBytes: 0 };
  try {
    for (let i = 0; i < count; i++) {
      const file = join(dir, `f${i % 16}.gguf`);
      writeFileSync(file, mutate(original, headerEnd, random, i));
      const started = performance.now();
      let outcome = 'ok';
      try {
        await withTimeout(readGgufSummary(file), 10_000);
      } catch (error) {
        outcome = error instanceof Error ? error.name : typeof error;
        if (outcome !== 'GgufReadError') report.unexpected.push(`#${i}: ${outcome}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const ms = performance.now() - started;
      report.maxMs = Math.max(report.maxMs, ms);
      report.totalMs += ms;
      report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
      report.rssMaxBytes = Math.max(report.rssMaxBytes, process.memoryUsage().rss);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

function mutate(original: Buffer, headerEnd: number, random: () => number, i: number): Buffer {
  const kind = i % 3;
  if (kind === 0) return Buffer.from(original.subarray(0, Math.floor(random() * headerEnd)));
  const copy = Buffer.from(original);
  if (kind === 1) {
    const n = 1 + Math.floor(random() * 8);
    for (let k = 0; k < n; k++) copy[Math.floor(random() * headerEnd)] = Math.floor(random() * 256);
    return copy;
  }
  // A 64-bit length or count (string length, array length, tensor count, dims) set to something huge.
  const at = 8 + Math.floor(random() * (headerEnd - 16));
  copy.writeBigUInt64LE(BigInt(Math.floor(random() * 2 ** 52)) << BigInt(Math.floor(random() * 12)), at);
  return copy;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms (hang)`), { name: 'Hang' })), ms)))])
    .finally(() => clearTimeout(timer));
}
