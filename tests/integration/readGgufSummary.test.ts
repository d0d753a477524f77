import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGgufSummary } from '../../src-main/models/gguf/readGgufSummary';
import { fuzzGgufReader } from '../support/fuzzGguf';
import { tinyGeometry, tinyModel } from '../support/tinyModel';

const dir = mkdtempSync(join(os.tmpdir(), 'headroom-read-'));

async function readError(path: string) {
  try {
    await readGgufSummary(path);
  } catch (error) {
    return error as Error & { code: string; hint: string };
  }
  throw new Error('expected a GgufReadError');
}

describe('readGgufSummary', () => {
  it('reads back the geometry, tensors and metadata the writer wrote', async () => {
    const path = await tinyModel({ layers: 3, kvHeads: 1 });
    const s = await readGgufSummary(path);
    expect(s.geometry).toEqual(tinyGeometry({ layers: 3, kvHeads: 1 }));
    expect(s.architecture).toBe('llama');
    expect(s.fileType).toBe('F16');
    expect(s.synthetic).toBe(true);
    expect(s.tensorCount).toBe(3 + 3 * 9);
    expect(s.metadata['tokenizer.ggml.tokens']).toMatchObject({ length: 512 });
    expect(s.tensors.find((t) => t.name === 'blk.0.attn_k.weight')).toEqual({ name: 'blk.0.attn_k.weight', type: 'f16', shape: [64, 16], bytes: 64 * 16 * 2 });
  });

  it('reads every part of a split file', async () => {
    const path = await tinyModel();
    const a = join(dir, 'm-00001-of-00002.gguf');
    copyFileSync(path, a);
    copyFileSync(path, join(dir, 'm-00002-of-00002.gguf'));
    const single = await readGgufSummary(path);
    const split = await readGgufSummary(a);
    expect(split.parts).toHaveLength(2);
    expect(split.tensorCount).toBe(2 * single.tensorCount);
    expect(split.sizeBytes).toBe(2 * single.sizeBytes);
  });

  it('names the file and the problem, and says what to do', async () => {
    const missing = await readError(join(dir, 'nope.gguf'));
    expect(missing.name).toBe('GgufReadError');
    expect(missing.message).toContain('nope.gguf');
    expect(missing.message).toMatch(/does not exist/);
    const text = join(dir, 'notes.gguf');
    writeFileSync(text, 'these are not the weights you are looking for\n'.repeat(4));
    expect((await readError(text)).message).toMatch(/notes\.gguf.*GGUF magic/);
    const full = readFileSync(await tinyModel());
    const cut = join(dir, 'cut.gguf');
    writeFileSync(cut, full.subarray(0, full.length - 1000));
    const truncated = await readError(cut);
    expect(truncated.message).toMatch(/cut\.gguf: tensor ".*" ends at byte \d+ but the file has \d+ bytes \(truncated\)/);
    expect(truncated.hint).toMatch(/Download it again/);
    expect((await readError(dir)).message).toMatch(/not a regular file/);
  });

  it('fuzz: 5,000 truncated or mutated headers give only GgufReadError, quickly and in bounded memory', async () => {
    const report = await fuzzGgufReader(await tinyModel(), 5000);
    expect(report.unexpected).toEqual([]);
    expect(report.maxMs).toBeLessThan(5000);
    expect(report.rssMaxBytes - report.rssBeforeBytes).toBeLessThan(512 * 1024 * 1024);
    expect(report.outcomes.GgufReadError).toBeGreaterThan(2000);
  });
});
