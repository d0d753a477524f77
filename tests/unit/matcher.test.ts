import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog';
import type { ProbeEvidence } from '../../src-shared/knowledge/Diagnosis';
import { buildScanIndex, hasHexEdge, scanText, trimHexEdges } from '../../src-shared/knowledge/scanText';
import { isHeadroomError } from '../../src-shared/errors/HeadroomError';
import { KV_OOM_LOG, knowledgeBase, logFixtures, readLog } from './knowledgeFixtures';

const kb = knowledgeBase();
const diagnose = (text: string, extra: Omit<Parameters<typeof diagnoseLog>[1], 'text'> = {}) => diagnoseLog(kb, { text, ...extra });
const fixtureText = (name: string) => readLog(logFixtures().find((f) => f.file.endsWith(name))!.file);

function inputError(text: string): { code: string; message: string; hint: string } {
  try {
    diagnose(text);
  } catch (error) {
    if (isHeadroomError(error)) return { code: error.code, message: error.message, hint: error.hint };
    throw error;
  }
  throw new Error('expected a LogInputError');
}


describe('the matcher', () => {
  it('answers an empty or blank paste with what to paste instead', () => {
    for (const text of ['', '   \n\t\n']) {
      const error = inputError(text);
      expect(error.code).toBe('empty_log');
      expect(error.hint).toMatch(/Paste the output of the failing run/);
    }
  });

  it('refuses binary data and model files with a clear answer', () => {
    expect(inputError('GGUF\u0003\u0000\u0000\u0000binary').message).toMatch(/GGUF model file, not a log/);
    expect(inputError(`llama_model_load: ok\n\u0000\u0001\u0002\u0003 garbage`).code).toBe('binary_log');
    const noisy = Array.from({ length: 2000 }, (_, i) => String.fromCharCode(i % 8)).join('');
    expect(inputError(noisy).code).toBe('binary_log');
    // Bytes as compressed data decodes them: ~11 % control characters, ~44 % replacement characters.
    const compressed = new TextDecoder().decode(Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24));
    expect(inputError(compressed).code).toBe('binary_log');
  });

  it('reads a log that starts with the word GGUF: only a model file (its magic, then version bytes) is refused', () => {
    // unslothai/unsloth#7669 (batch 34): Unsloth Studio prints a summary before llama-server's own lines.
    const studio = 'GGUF size: 0.1 GB, est. KV cache: 0.2 GB, context: 8192, GPUs free: [(0, 12049), (1, 12176)], selected: [1], fit: False\nROCm error: device kernel image is invalid';
    expect(diagnose(studio).category).toBe('driver_or_toolkit_mismatch');
  });

  it('reads a line whose localized words arrived as replacement characters, and names an undecoded encoding', () => {
    // ollama/ollama#2615 (batch 29): a Korean Windows message pasted from a console that lost it.
    const korean = 'Error: Unable to load dynamic library: Unable to load dynamic server library: \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd \u00e3\ufffd\ufffd \ufffd\ufffd \ufffd\ufffd\ufffd\ufffd\ufffd\u03f4\ufffd.';
    expect(diagnose(korean).lines).toBe(1);
    const gbk = new TextDecoder().decode(Uint8Array.from({ length: 3000 }, (_, i) => (i % 3 === 2 ? 0x20 : 0xb0 + (i % 40))));
    const error = inputError(gbk);
    expect(error.code).toBe('undecodable_log');
    expect(error.hint).toMatch(/UTF-8/);
  });

  it('answers unknown, with no match, for a log without a known failure', () => {
    const d = diagnose('srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 200\nall slots are idle\n');
    expect(d.category).toBe('unknown');
    expect(d.matches).toEqual([]);
    expect(d.lines).toBe(2);
  });

  it('names a build from source that lacks its tools, and leaves a missing CUDA compiler to the toolkit', () => {
    // Fakes, worded unlike the dev logs the entry came from.
    const pip = diagnose('  Building wheel for llama-cpp-python (pyproject.toml) ... error\n  CMake Error at CMakeLists.txt:3 (project):\n    No CMAKE_CXX_COMPILER could be found.');
    expect(pip.category).toBe('unknown');
    expect(pip.matches[0]!.id).toBe('build-toolchain-missing');
    const cuda = diagnose('CMake Error at ggml/src/ggml-cuda/CMakeLists.txt:25 (enable_language):\n  No CMAKE_CUDA_COMPILER could be found.');
    expect(cuda.matches.map((m) => m.id)).not.toContain('build-toolchain-missing');
  });

  it('numbers evidence lines from 1 and quotes them, also with CRLF line ends', () => {
    const text = fixtureText('llama.cpp-rocm-compute-pp-buffers-70b.log');
    for (const variant of [text, text.replace(/\n/g, '\r\n')]) {
      const d = diagnose(variant);
      const lines = text.split('\n');
      expect(d.matches[0]!.evidence.length).toBeGreaterThan(0);
      for (const e of d.matches[0]!.evidence) expect(e.text).toBe(lines[e.line - 1]);
    }
  });

  it('extracts the numbers that make fixes concrete from real logs', () => {
    expect(diagnose(fixtureText('llama.cpp-cuda-alloc-buffer-144gib.log')).extracted).toMatchObject({ requestedMiB: 144817.04, device: 'CUDA0', oomStage: 'weights', backend: 'cuda' });
    expect(diagnose(fixtureText('vllm-cuda-v0.8-rtx-24gb-tp-oom.log')).extracted).toMatchObject({ requestedMiB: 1781.76, totalMiB: 24135.68, freeMiB: 594.88, runtime: 'vllm' });
    expect(diagnose(fixtureText('ollama-cuda-4gpu-44-of-81-layers-num-ctx.log')).extracted).toMatchObject({ layersOffloaded: 44, layersTotal: 81, kvCacheMiB: 19968, runtime: 'ollama' });
    expect(diagnose(fixtureText('vllm-cuda-openai-server-16384-vs-122946.log')).extracted).toMatchObject({ contextSize: 16384, promptTokens: 122946 });
    expect(diagnose(fixtureText('llama.cpp-rocm-7900xtx-command-r-plus.log')).extracted).toMatchObject({ runtimeVersion: '3265', backend: 'rocm', computeCapability: '11.0' });
    expect(diagnose(fixtureText('ollama-rocm-docker-gfx1103-not-supported.log')).extracted).toMatchObject({ gfxTarget: 'gfx1103', runtime: 'ollama', runtimeVersion: '0.1.32' });
    expect(diagnose(fixtureText('llama-cpp-python-cuda-cu126-wheel-on-cuda121-libcudart.log')).extracted).toMatchObject({ missingLibrary: 'libcudart.so.12' });
    expect(diagnose(fixtureText('vllm-cuda-v1-max-seq-len-262144.log')).extracted).toMatchObject({ contextSize: 262144, fitsContext: 34736, requestedMiB: 24576 });
  });

  it('says where memory ran out: loading weights, creating the context, or evaluating', () => {
    expect(diagnose(fixtureText('llama.cpp-cuda-alloc-buffer-144gib.log')).extracted.oomStage).toBe('weights');
    expect(diagnose(fixtureText('llama.cpp-rocm-strix-halo-128k-iswa-kv.log')).extracted.oomStage).toBe('kv');
    expect(diagnose(fixtureText('koboldcpp-vulkan-rx5600xt-32k-compute-after-kv.log')).extracted.oomStage).toBe('compute');
    expect(diagnose(fixtureText('llama.cpp-metal-warmup-insufficient-memory-status-5.log')).extracted.oomStage).toBe('eval');
  });

  it('makes KV fixes concrete: 8,192 MiB at 32,768 tokens, 4,352 MiB with q8_0, or 16,384 tokens that fit', () => {
    const d = diagnose(KV_OOM_LOG);
    expect(d.category).toBe('gpu_oom_kv_cache');
    const [q8, ctx] = d.matches[0]!.fixes;
    expect(q8!.change).toMatchObject({ typeK: 'q8_0', typeV: 'q8_0', flashAttention: true });
    expect(q8!.expected).toBe('KV cache at 32,768 tokens: 8,192 MiB → 4,352 MiB — not enough alone: 4,096 MiB was missing');
    expect(ctx!.change.contextSize).toBe(16384);
    expect(ctx!.expected).toBe('KV cache at 32,768 tokens: 8,192 MiB → 4,096 MiB at 16,384 tokens — enough: 4,096 MiB was missing');
    expect(ctx!.commands['llama.cpp']).toBe('-c 16384');
    expect(ctx!.commands.ollama).toMatch(/^PARAMETER num_ctx 16384/);
  });

  it('fills commands per runtime: Ollama flash attention is a server-wide variable needing a restart', () => {
    const d = diagnose(fixtureText('llama.cpp-rocm-compute-pp-buffers-70b.log'));
    const fa = d.matches[0]!.fixes.find((f) => f.change.flashAttention === true)!;
    expect(fa.commands['llama.cpp']).toBe('-fa on');
    expect(fa.commands.ollama).toMatch(/OLLAMA_FLASH_ATTENTION=1 ollama serve .*restart/);
    expect(fa.commands['node-llama-cpp']).toBe('model.createContext({flashAttention: true})');
  });

  it('uses the runtime it is told, or the one the wording shows', () => {
    expect(diagnose(fixtureText('ollama-cuda-4xl40s-deepseek-r1.log')).runtime).toBe('ollama');
    expect(diagnose(fixtureText('ollama-cuda-4xl40s-deepseek-r1.log'), { runtime: 'llama.cpp' }).runtime).toBe('llama.cpp');
  });

  it('reads a probe: OOM without flash attention that fits with it, verified on this machine', () => {
    const step = (over: Partial<ProbeEvidence>): ProbeEvidence => ({ contextSize: 16384, flashAttention: false, typeK: 'f16', typeV: 'f16', outcome: 'ok', stage: null, promptTokensPerSecond: 50, generationTokensPerSecond: 10, log: [], ...over });
    const d = diagnoseLog(kb, {
      text: '',
      probe: [
        step({ outcome: 'oom', stage: 'context', promptTokensPerSecond: null, generationTokensPerSecond: null, log: ['ggml_backend_cpu_buffer_type_alloc_buffer: failed to allocate buffer of size 1073741824', 'llama_init_from_model: failed to initialize the context: failed to allocate compute pp buffers'] }),
        step({ flashAttention: true }),
      ],
    });
    expect(d.matches[0]!.id).toBe('probe-oom-fixed-by-flash-attention');
    expect(d.category).toBe('gpu_oom_compute_buffer');
    expect(d.matches[0]!.evidence.map((e) => e.text)).toContain('--- probe step 1: context 16384, flash attention off, KV f16 → oom (context) ---');
  });

  it('reads a probe: OOM with an f16 KV cache that fits with q8_0', () => {
    const step = (over: Partial<ProbeEvidence>): ProbeEvidence => ({ contextSize: 8192, flashAttention: true, typeK: 'f16', typeV: 'f16', outcome: 'ok', stage: null, promptTokensPerSecond: null, generationTokensPerSecond: null, log: [], ...over });
    const d = diagnoseLog(kb, { text: '', probe: [step({ outcome: 'oom', stage: 'context' }), step({ typeK: 'q8_0', typeV: 'q8_0' })] });
    expect(d.matches[0]!.id).toBe('probe-oom-fixed-by-kv-quantization');
  });

  it('reads a probe: speed collapsing with context is slow_long_context', () => {
    const step = (contextSize: number, tps: number): ProbeEvidence => ({ contextSize, flashAttention: false, typeK: 'f16', typeV: 'f16', outcome: 'ok', stage: null, promptTokensPerSecond: tps, generationTokensPerSecond: tps / 5, log: [] });
    const d = diagnoseLog(kb, { text: '', probe: [step(2048, 400), step(8192, 260), step(32768, 90)] });
    expect(d.category).toBe('slow_long_context');
    expect(d.extracted.speedRatio).toBeCloseTo(0.225, 3);
  });

  it('finds a failure in the middle of one 3 MB line and quotes it shortened', () => {
    const line = `${'x'.repeat(1_500_000)} ggml_backend_cuda_buffer_type_alloc_buffer: allocating 512.00 MiB on device 0: cudaMalloc failed: out of memory ${'y'.repeat(1_500_000)}`;
    const d = diagnose(line);
    expect(d.category).toBe('gpu_oom_weights');
    expect(d.extracted.requestedMiB).toBe(512);
    expect(d.matches[0]!.evidence[0]!.text.length).toBeLessThan(400);
  });

  it('handles a 20 MB log in linear time', () => {
    const noise = ['srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 200', 'slot update_slots: id  0 | task 12 | prompt done, n_past = 2048, n_tokens = 2048', '[GIN] 2025/03/12 - 12:14:22 | 200 |         2m48s |       127.0.0.1 | POST     "/api/generate"'];
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 20e6; i++) {
      const line = `${noise[i % noise.length]} ${i}`;
      parts.push(line);
      size += line.length + 1;
    }
    const text = `${parts.join('\n')}\n${KV_OOM_LOG}\n`;
    const started = performance.now();
    const d = diagnose(text);
    const ms = performance.now() - started;
    console.log(`20 MB log (${d.lines} lines): ${ms.toFixed(0)} ms in this test run (the bench measures it precisely)`);
    expect(d.category).toBe('gpu_oom_kv_cache');
    expect(d.matches[0]!.evidence.at(-1)!.line).toBe(d.lines);
    expect(ms).toBeLessThan(5000);
  });
});

describe('degenerate logs stay linear', () => {
  it('reads a table once even when every line is a header', () => {
    const text = Array.from({ length: 200_000 }, () => '| model | size | test | t/s |').join('\n');
    const started = performance.now();
    const d = diagnose(text);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(d.lines).toBe(200_000);
  });

  it('summarises tens of thousands of request timings without keeping them', () => {
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const n = 100 + ((i * 7919) % 30_000);
      lines.push(`prompt eval time =     ${(n / 2).toFixed(2)} ms / ${n} tokens (    0.50 ms per token,  2000.00 tokens per second)`);
      lines.push(`       eval time =    ${(4000 + n / 10).toFixed(2)} ms /   200 runs   (   20.00 ms per token,    ${(50 - n / 1000).toFixed(2)} tokens per second)`);
    }
    const started = performance.now();
    const d = diagnose(lines.join('\n'));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(d.speeds.length).toBeLessThanOrEqual(200);
    // Generation fell from 49.9 t/s at the shallowest request to 20.0 t/s at the deepest.
    expect(d.extracted.speedRatio).toBeCloseTo(20.01 / 49.9, 2);
  });
});

describe('the anchored scan', () => {
  // The scan runs a pattern only on lines holding one of its literal anchors. That must never
  // miss a line the pattern matches: compare with running every pattern on every line.
  const pool = logFixtures().flatMap((f) => readLog(f.file).split('\n')).filter((l) => l.length < 4000);

  it('finds exactly what a naive per-line scan finds (property test over real log lines)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pool), fc.string({ maxLength: 80 })), { minLength: 1, maxLength: 60 }), (lines) => {
        const text = lines.join('\n');
        const found = new Set<string>();
        scanText(text, kb.index, (rule, _m, lineNo) => void found.add(`${rule}@${lineNo}`));
        const naive = new Set<string>();
        text.split('\n').forEach((line, i) => kb.index.rules.forEach((rule, r) => {
          if (rule.regex.test(line.replace(/\r$/, ''))) naive.add(`${r}@${i + 1}`);
        }));
        expect([...found].sort()).toEqual([...naive].sort());
      }),
      { numRuns: 150 },
    );
  });

  // Lines that differ only in numbers and hex words (hashes, ids, addresses) share a shape, and
  // the scan reuses the anchors it found in the first: variants of one line, with hex words put
  // anywhere, even glued to an anchor's letters, must still find what the naive scan finds.
  it('finds the same across lines whose numbers and hex words differ (shape cache)', () => {
    const hexWord = fc.stringMatching(/^[0-9a-fA-F]{1,10}$/);
    const variants = fc.tuple(fc.constantFrom(...pool), fc.array(fc.tuple(hexWord, fc.nat(), fc.boolean()), { minLength: 1, maxLength: 8 })).map(([line, edits]) => {
      const swapped = line.replace(/[0-9a-fA-F]*\d[0-9a-fA-F]*/g, (w) => edits[w.length % edits.length]![0]);
      return edits.reduce((l, [word, at, glue]) => (glue ? l.slice(0, at % (l.length + 1)) + word + l.slice(at % (l.length + 1)) : l), swapped);
    });
    fc.assert(
      fc.property(fc.array(fc.oneof(variants, fc.constantFrom(...pool)), { minLength: 1, maxLength: 80 }), (lines) => {
        const text = lines.join('\n');
        const found = new Set<string>();
        scanText(text, kb.index, (rule, _m, lineNo) => void found.add(`${rule}@${lineNo}`));
        const naive = new Set<string>();
        lines.forEach((line, i) => kb.index.rules.forEach((rule, r) => {
          if (rule.regex.test(line.replace(/\r$/, ''))) naive.add(`${r}@${i + 1}`);
        }));
        expect([...found].sort()).toEqual([...naive].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('folds hex words in shapes only when no anchor has hex-letter edges', () => {
    expect(kb.index.foldHex).toBe(true);
    expect(hasHexEdge('n_ff')).toBe(true);
    expect(hasHexEdge('b of pinned memory')).toBe(true);
    expect(hasHexEdge('cudaMalloc failed')).toBe(false);
    expect(hasHexEdge(' source=')).toBe(false);
    expect(trimHexEdges('b of pinned memory: out of memory')).toBe(' of pinned memory: out of memory');
    expect(trimHexEdges('a context size of ')).toBe(' context size of ');
    expect(trimHexEdges('n_ff')).toBe('n_');
    expect(trimHexEdges('decafbad')).toBe('');
    // A rule whose only anchor cannot lose its hex edges turns the folding off.
    expect(buildScanIndex([{ regex: /n_ff = \d+/, anchors: ['n_ff'] }]).foldHex).toBe(false);
    expect(buildScanIndex([{ regex: /cudaMalloc failed/, anchors: ['cudamalloc failed'] }]).foldHex).toBe(true);
  });
});
