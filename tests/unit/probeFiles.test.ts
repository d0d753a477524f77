import { appendFileSync, existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProbeHeader } from '../../src-shared/contract/probe';
import { resolvePlan, verifyPlan } from '../../src-shared/domain/probe/resolvePlan';
import { appendProbeRecord, createProbeFile, listProbeIds, lockProbeFile, readProbeFile } from '../../src-main/probe/probeFiles';
import { BASE, planOf, stepOf } from './probeStepFactory';

const header = (id: string): ProbeHeader => ({ type: 'header', formatVersion: 1, id, createdAt: '2025-01-01T00:00:00.000Z', model: { path: '/m.gguf', name: 'm', sizeBytes: 1, preset: null, trainContextSize: 4096 }, plan: planOf() });

describe('probe files (JSON Lines)', () => {
  it('write a header, then one line per step and status; read back the same; tolerate a line cut short by a crash', () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'headroom-files-'));
    const path = createProbeFile(dir, header('20250101T000000-aaaaaa'));
    const step = stepOf({ ...BASE, contextSize: 1024, flashAttention: true });
    appendProbeRecord(path, { type: 'step', ...step });
    appendFileSync(path, '{"type":"step","contextSize":20'); // the app died mid-write
    const read = readProbeFile(path);
    expect(read.header.id).toBe('20250101T000000-aaaaaa');
    expect(read.steps).toEqual([step]);
    expect(read.status).toBeNull();
    expect(read.badLines).toBe(1);
    expect(readFileSync(path, 'utf8').split('\n')[0]).toMatch(/^\{"type":"header","formatVersion":1/);
    expect(() => createProbeFile(dir, header('20250101T000000-aaaaaa'))).toThrow(/EEXIST/);
    createProbeFile(dir, header('20250102T000000-bbbbbb'));
    expect(listProbeIds(dir)).toEqual(['20250102T000000-bbbbbb', '20250101T000000-aaaaaa']);
    expect(() => readProbeFile(join(dir, 'probes', 'nope.jsonl'))).toThrow(/No probe file/);
  });

  it('refuse records that do not match the schema', () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'headroom-files-'));
    const path = createProbeFile(dir, header('20250101T000000-cccccc'));
    expect(() => appendProbeRecord(path, { type: 'status', status: 'exploded' } as never)).toThrow();
  });
});

describe('the run lock of a probe file', () => {
  const path = () => join(mkdtempSync(join(os.tmpdir(), 'headroom-lock-')), 'p.jsonl');

  it('is held by a live process, taken over from a dead one, and released', () => {
    const file = path();
    const release = lockProbeFile(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.pid));
    expect(() => lockProbeFile(file)).toThrow(/already running in process \d+/);
    release();
    expect(existsSync(`${file}.lock`)).toBe(false);
    writeFileSync(`${file}.lock`, '999999999'); // no such process
    lockProbeFile(file)();
  });

  // The lock file exists a moment before its pid is written: another process reading it then must not
  // take it for a dead run's and take it over.
  it('treats a lock still without a pid as a run starting, unless it stays empty', () => {
    const file = path();
    writeFileSync(`${file}.lock`, '');
    expect(() => lockProbeFile(file)).toThrow(/already running in process \(starting\)/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    lockProbeFile(file)();
  });
});

describe('resolving a plan', () => {
  const facts = { usableCores: 2, trainContextSize: 8192, estimate: null };

  it('fills the defaults: threads = usable cores − 1, ubatch = batch, both flash attention settings, up to the trained context', () => {
    const plan = resolvePlan({ model: { path: '/m' }, mode: 'findMax' }, facts);
    expect(plan.base).toEqual({ typeK: 'f16', typeV: 'f16', gpuLayers: 'auto', batchSize: 512, ubatchSize: 512, threads: 1, generateTokens: 64, promptFill: 0.9, backend: 'auto', memoryCheck: 'estimate' });
    expect(plan).toMatchObject({ flashAttention: [true, false], minContext: 256, maxContext: 8192, granularityTokens: 256, granularityFraction: 0.02, contexts: [512, 1024, 2048, 4096] });
  });

  it('aims the first step with the memory model when there is a budget', () => {
    // 100 MB of weights plus 100 kB per token: a 1 GB cgroup budget ends near 8500 tokens (after the worker's
    // own ~50 MB); the first step goes a little short of it (9/10, aligned down to 256).
    const estimate = (c: number) => ({ ramBytes: 100e6 + 100e3 * c, vramBytes: 0 });
    const plan = resolvePlan({ model: { path: '/m' }, mode: 'findMax', budget: { mechanism: 'cgroup', ramBytes: 1e9, vramBytes: null }, maxContext: 65536 }, { ...facts, estimate });
    expect(plan.bytesPerToken.on).toBeCloseTo(100e3);
    expect(plan.startHint.on).toBe(7424);
  });

  it('with no budget, keeps the model\'s VRAM slope to aim at a GPU\'s own memory, and starts at the minimum', () => {
    const estimate = (c: number) => ({ ramBytes: 50e6, vramBytes: 1.4e9 + 1.05e6 * c });
    const plan = resolvePlan({ model: { path: '/m' }, mode: 'findMax', backend: 'cuda', maxContext: 65536 }, { ...facts, estimate });
    expect(plan.bytesPerToken).toEqual({ on: expect.closeTo(1.05e6), off: expect.closeTo(1.05e6) });
    expect(plan.startHint).toEqual({ on: null, off: null });
  });

  it.each([
    [{ threads: 4 }, /more than the 2 usable cores/],
    [{ batchSize: 512, ubatchSize: 256 }, /node-llama-cpp always runs them equal/],
    [{ budget: { mechanism: 'addressSpace', ramBytes: 5e8, vramBytes: null } }, /below what the worker needs/],
    [{ budget: { mechanism: 'cgroup', ramBytes: null, vramBytes: null } }, /needs ramBytes/],
    [{ budget: { mechanism: 'estimateCap', ramBytes: null, vramBytes: null } }, /needs ramBytes or vramBytes/],
    [{ minContext: 4096, maxContext: 1024 }, /minContext 4096 is above maxContext 1024/],
    [{ memoryCheck: 'allocate', budget: { mechanism: 'estimateCap', ramBytes: 1e9, vramBytes: null } }, /estimateCap budget works through node-llama-cpp's estimate/],
  ] as const)('refuses %j with a clear message', (extra, message) => {
    expect(() => resolvePlan({ model: { path: '/m' }, mode: 'findMax', ...extra } as never, facts)).toThrow(message);
  });

  it('a verification step applies a fix over the given settings', () => {
    const plan = verifyPlan({ model: { path: '/m' }, contextSize: 8192, change: { contextSize: 4096, flashAttention: true, typeK: 'q8_0', typeV: 'q8_0', env: { X: '1' } } }, facts);
    expect(plan).toMatchObject({ mode: 'verify', contexts: [4096], flashAttention: [true], base: { typeK: 'q8_0', typeV: 'q8_0', threads: 1 } });
  });
});
