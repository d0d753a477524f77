import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhatIfResultSchema } from '../../src-shared/contract/whatif';
import { startGgufServer, type GgufServer } from '../support/ggufServer';
import { runCli } from '../support/runCli';
import { tinyModel } from '../support/tinyModel';

// `headroom whatif` (issue 15) as a user runs it: a preset, a model served over HTTP, and a "fits at N"
// checked on this machine by find-max under a cgroup budget the size of the device.

const dir = mkdtempSync(join(os.tmpdir(), 'headroom-whatif-'));
let server: GgufServer;

beforeAll(async () => {
  // Wide KV heads: 16 KiB of cache per token, so the boundary moves by megabytes, far above the budget's noise.
  const wide = await tinyModel({ layers: 4, heads: 4, kvHeads: 4, headDim: 256, embeddingLength: 256, feedForwardLength: 512, contextLength: 32768 });
  server = await startGgufServer({ '/acme/wide-GGUF/resolve/main/wide-F16.gguf': { file: wide } });
});

afterAll(async () => server?.close());

const env = () => ({ HF_ENDPOINT: server.origin, HEADROOM_DATA_DIR: join(dir, 'data'), HF_TOKEN: '' });

describe('headroom whatif', () => {
  it('answers for a 7B-class model on 8, 12 and 24 GB cards with the JSON shape issue 15 asks for', async () => {
    const run = await runCli(['whatif', '--preset', 'llama-3.1-8b', '--device', 'RTX 4060 8GB', '--device', 'RTX 3060 12GB', '--device', 'RTX 3090 24GB', '--ctx', '16384', '--json'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const r = WhatIfResultSchema.parse(JSON.parse(run.stdout));
    expect(r.devices.map((d) => d.memoryBytes / 2 ** 30)).toEqual([8, 12, 24]);
    const max = r.devices.map((d) => d.maxContext.flashAttention.on!);
    expect(max[0]).toBeLessThan(max[1]!);
    expect(max[1]).toBeLessThan(max[2]!);
    for (const d of r.devices) {
      expect(d).toMatchObject({ fits: expect.any(Boolean), spill: d.fits ? null : expect.any(Object), verified: null });
      expect(d.maxContext.flashAttention.off).toEqual(expect.any(Number));
      expect(d.generationTokensPerSecond.value).toBeGreaterThan(0);
      expect(d.generationTokensPerSecond.basis).toMatch(/bandwidth/);
    }
    expect(r.split?.limitingDevice).toBe('RTX 4060 8GB');
  });

  it('reads a model served over HTTP by its header, and verifies "fits at N" with a budgeted probe of its synthetic twin', async () => {
    const run = await runCli(['whatif', 'hf:acme/wide-GGUF/wide-F16.gguf', '--device', 'custom:small card:200MiB:100', '--ctx', '4096', '--verify', '--json'], { env: env(), timeoutMs: 600_000 });
    expect(run.code, run.stderr).toBe(0);
    const r = WhatIfResultSchema.parse(JSON.parse(run.stdout));
    expect(r.model.source).toMatch(/remote header/);
    const d = r.devices[0]!;
    const v = d.verified!;
    expect(v.modelProbed).toMatch(/synthetic twin of hf:acme\/wide-GGUF\/wide-F16\.gguf/);
    expect(v.mechanism).toBe('cgroup');
    expect(v.maxContext).toEqual(expect.any(Number));
    expect(v.stepId).toEqual(expect.any(String));
    expect(v.estimatedMaxContext).toBe(d.maxContext.flashAttention.on);
    // The measured boundary lies inside the memory model's band for the device.
    expect(v.agrees).toBe(true);
    expect(v.maxContext!).toBeGreaterThanOrEqual(v.band.low! - 256);
    expect(v.maxContext!).toBeLessThanOrEqual(v.band.high! + 256);
    expect(d.measured[0]).toMatch(/maxContext\.flashAttention\.on/);
    expect(d.estimated).toContain('generationTokensPerSecond');
    // The probe is on disk, and its step at the boundary passed.
    const probe = JSON.parse((await runCli(['probe', '--show', v.probeId, '--json'], { env: env() })).stdout) as { steps: { id: string; outcome: string; contextSize: number }[] };
    expect(probe.steps.find((s) => s.id === v.stepId)).toMatchObject({ outcome: 'ok', contextSize: v.maxContext });
    // Only the header crossed the network: no tensor data was downloaded for the twin.
    expect(server.sentFor('wide-F16.gguf')).toBeLessThanOrEqual(2_000_000);
  });

  it('names an unknown or ambiguous device and says what to do', async () => {
    const unknown = await runCli(['whatif', '--preset', 'llama-3.1-8b', '--device', 'RTX 9999 4GB'], { env: env() });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/No device "RTX 9999 4GB"/);
    expect(unknown.stderr).toMatch(/hint:.*--list-devices/);
    const ambiguous = await runCli(['whatif', '--preset', 'llama-3.1-8b', '--device', 'RTX 4060'], { env: env() });
    expect(ambiguous.stderr).toMatch(/matches \d+ devices/);
    const none = await runCli(['whatif', '--preset', 'llama-3.1-8b'], { env: env() });
    expect(none.stderr).toMatch(/Which devices\?/);
    const list = await runCli(['whatif', '--list-devices', '--json'], { env: env() });
    expect((JSON.parse(list.stdout) as { devices: unknown[] }).devices.length).toBeGreaterThan(40);
  });
});
