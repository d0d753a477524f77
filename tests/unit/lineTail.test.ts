import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LineTail } from '../../src-main/probe/LineTail';
import { ROOT } from '../support/paths';

// The last stderr lines of a real probe step on an H200 that ggml aborted mid-prompt (CUDA pool out of memory).
const log = readFileSync(join(ROOT, 'tests', 'fixtures', 'logs', 'local-runs', 'node-llama-cpp-cuda-h200-pool-oom-during-prompt.log'), 'utf8');

it('keeps the error above a native backtrace: the top frames stay, the rest is one line', () => {
  const tail = new LineTail(12);
  // In arbitrary chunks, as a pipe delivers them.
  for (let i = 0; i < log.length; i += 97) tail.push(log.slice(i, i + 97));
  const lines = tail.lines();
  expect(lines.length).toBeLessThanOrEqual(12);
  expect(lines).toContain('CUDA error: out of memory');
  expect(lines.filter((l) => /\[0x[0-9a-f]+\]$/.test(l))).toHaveLength(4);
  expect(lines.at(-1)).toMatch(/^\[headroom\] … \d+ more backtrace frames$/);
  expect(lines.find((l) => l.includes('ggml_abort'))).toBeDefined();
});

it('keeps the last lines of an ordinary log, and a final line without a newline', () => {
  const tail = new LineTail(3);
  tail.push('a\nb\nc\nd\ne');
  expect(tail.lines()).toEqual(['c', 'd', 'e']);
});
