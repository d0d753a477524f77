import { describe, expect, it } from 'vitest';
import type { ProbeEvidence } from '../../src-shared/knowledge/Diagnosis';
import { OomAnalysisSchema } from '../../src-shared/knowledge/troubleshoot/OomAnalysis';
import { analyzeOom } from '../../src-shared/knowledge/troubleshoot/analyzeOom';
import { authoredFixtures, KV_OOM_LOG, knowledgeBase, logFixtures, readLog } from './knowledgeFixtures';

// The troubleshooter's reading of an out-of-memory log: where memory ran out, the memory picture
// against the device, and fixes ranked by whether their expected saving covers what was missing.

const kb = knowledgeBase();
const analyze = (text: string, extra: Partial<Parameters<typeof analyzeOom>[1]> = {}) => OomAnalysisSchema.parse(analyzeOom(kb, { text, ...extra }));


describe('analyzeOom', () => {
  it('says a KV cache did not fit while creating the context, and what was missing', () => {
    const a = analyze(KV_OOM_LOG);
    expect(a.isOom).toBe(true);
    expect(a.phase).toBe('context');
    expect(a.phaseText).toBe('Memory ran out while creating the context: the KV cache for 32,768 tokens did not fit. It asked for 8,192 MiB with 4,096 MiB free.');
    expect(a.picture).toMatchObject({ device: 'CUDA0', totalMiB: 12282, freeMiB: 4096, requestedMiB: 8192, gapMiB: 4096, kvCache: { mib: 8192, source: 'failed allocation' } });
    expect(a.settings).toMatchObject({ contextSize: 32768, gpuLayers: 33 });
  });

  it('ranks first the verifiable fixes whose saving covers the gap, and says which do not', () => {
    const { fixes } = analyze(KV_OOM_LOG);
    const closing = fixes.filter((f) => f.closesGap === true);
    expect(closing.length).toBeGreaterThan(0);
    expect(fixes.slice(0, closing.length)).toEqual(closing);
    expect(closing.every((f) => f.verifiable && f.savingMiB! >= 4096)).toBe(true);
    // Halving the context halves the cache: 4,096 MiB saved, exactly what was missing.
    expect(fixes.find((f) => f.change.contextSize === 16384)).toMatchObject({ savingMiB: 4096, closesGap: true });
    // q8_0 alone saves 3,840 MiB of the 8,192: not enough, and ranked after those that are.
    const q8 = fixes.find((f) => f.change.typeK === 'q8_0')!;
    expect(q8).toMatchObject({ savingMiB: 3840, closesGap: false });
    expect(fixes.indexOf(q8)).toBeGreaterThanOrEqual(closing.length);
    // Changes no probe step can apply (an environment variable, a driver) are marked as such.
    expect(fixes.filter((f) => f.change.action !== undefined || f.change.env !== undefined).every((f) => !f.verifiable)).toBe(true);
    expect(new Set(fixes.map((f) => JSON.stringify(f.change))).size).toBe(fixes.length);
  });

  it('tells loading the weights from creating the context, on real logs', () => {
    expect(analyze(readLog('gpu_oom_weights/llama.cpp-cuda-alloc-buffer-144gib.log'))).toMatchObject({
      phase: 'load',
      phaseText: 'Memory ran out while loading the weights onto CUDA0. It asked for 144,817 MiB.',
      picture: { weights: { mib: 144817.04, source: 'failed allocation' } },
    });
    expect(analyze(readLog('gpu_oom_compute_buffer/llama.cpp-rocm-compute-pp-buffers-70b.log'))).toMatchObject({
      phase: 'context',
      phaseText: 'Memory ran out while creating the context: the compute buffers did not fit. It asked for 14,136 MiB.',
      picture: { device: 'ROCm0', compute: { mib: 14136.04, source: 'failed allocation' } },
    });
    const first = analyze(readLog('gpu_oom_compute_buffer/llama.cpp-rocm-compute-pp-buffers-70b.log')).fixes[0]!;
    expect(first.change).toEqual({ flashAttention: true });
  });

  it('gives every real out-of-memory fixture a phase and a memory picture, in CUDA, ROCm, Metal and Vulkan wording', () => {
    const oom = authoredFixtures().filter((f) => ['gpu_oom_weights', 'gpu_oom_kv_cache', 'gpu_oom_compute_buffer'].includes(f.category) && !f.knownMiss);
    const backends = new Set<string>();
    for (const f of oom) {
      const a = analyze(readLog(f.file));
      expect(a.isOom, f.file).toBe(true);
      expect(a.fixes.length, f.file).toBeGreaterThan(0);
      const parts = [a.picture.weights, a.picture.kvCache, a.picture.compute].filter(Boolean);
      if (a.phase !== null || parts.length > 0) backends.add(f.backend);
    }
    expect([...backends]).toEqual(expect.arrayContaining(['cuda', 'rocm', 'metal', 'vulkan']));
  });

  it('takes the device from the hardware probe when the log gives no free memory', () => {
    const a = analyze(
      'ggml_backend_cuda_buffer_type_alloc_buffer: allocating 3000.00 MiB on device 0: cudaMalloc failed: out of memory\nllama_init_from_model: failed to initialize the context: failed to allocate buffer for kv cache',
      { device: { name: 'NVIDIA GeForce RTX 3060', totalBytes: 12 * 2 ** 30, freeBytes: 2 * 2 ** 30 } },
    );
    expect(a.picture).toMatchObject({ device: 'NVIDIA GeForce RTX 3060', totalMiB: 12288, freeMiB: 2048, requestedMiB: 3000, gapMiB: 952 });
  });

  it('says plainly when the log is no out-of-memory failure', () => {
    const file = logFixtures().find((f) => f.category === 'cpu_unsupported_instructions')!.file;
    const a = analyze(readLog(file));
    expect(a.isOom).toBe(false);
    expect(a.phase).toBeNull();
    expect(a.phaseText).toMatch(/^This log is not an out-of-memory failure: /);
    expect(a.fixes).toEqual([]);
  });

  it('reads failed probe steps as the symptom', () => {
    const step = (contextSize: number, outcome: ProbeEvidence['outcome'], flashAttention: boolean, log: string[] = []): ProbeEvidence => ({
      contextSize,
      flashAttention,
      typeK: 'f16',
      typeV: 'f16',
      outcome,
      stage: outcome === 'oom' ? 'context' : null,
      promptTokensPerSecond: outcome === 'ok' ? 400 : null,
      generationTokensPerSecond: outcome === 'ok' ? 40 : null,
      log,
    });
    const a = analyze('', {
      probe: [step(16384, 'oom', false, ['ggml_backend_cuda_buffer_type_alloc_buffer: allocating 6144.00 MiB on device 0: cudaMalloc failed: out of memory', 'llama_init_from_model: failed to initialize the context: failed to allocate compute buffers']), step(16384, 'ok', true)],
    });
    expect(a.isOom).toBe(true);
    expect(a.diagnosis.matches[0]!.id).toBe('probe-oom-fixed-by-flash-attention');
    expect(a.fixes[0]!.change).toMatchObject({ flashAttention: true });
  });
});
