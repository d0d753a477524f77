import { describe, expect, it } from 'vitest';
import { classifyLlamaCppExit, parseBenchJson, parseFitArgs, parseVersion } from '../../src-shared/domain/tune/llamaCppOutput';

describe('reading llama.cpp tools', () => {
  it('reads llama-bench JSON rows and skips what is not a result', () => {
    const rows = parseBenchJson('[\n  {"build_commit": "de3ff81", "backends": "CPU", "n_prompt": 460, "n_gen": 0, "n_depth": 0, "avg_ts": 812.5},\n  {"n_prompt": 0, "n_gen": 8, "n_depth": 504, "avg_ts": 41.2, "backends": "CPU"},\n  {"n_prompt": 1}\n]');
    expect(rows).toEqual([
      { nPrompt: 460, nGen: 0, nDepth: 0, avgTs: 812.5, backends: 'CPU', buildCommit: 'de3ff81' },
      { nPrompt: 0, nGen: 8, nDepth: 504, avgTs: 41.2, backends: 'CPU', buildCommit: null },
    ]);
    expect(parseBenchJson('[')).toEqual([]);
    expect(parseBenchJson('')).toEqual([]);
  });

  it('turns a tool\'s end into an outcome: OOM, crash, refusal, timeout', () => {
    const exit = (code: number | null, signal: string | null = null) => ({ code, signal, timedOut: false });
    expect(classifyLlamaCppExit(exit(1), ['ggml_vulkan: Device memory allocation of size 1 failed.', 'vk::Device::allocateMemory: ErrorOutOfDeviceMemory'])).toEqual({ outcome: 'oom', classification: 'vram_alloc_failed' });
    expect(classifyLlamaCppExit(exit(1), ['ggml_backend_cpu_buffer_type_alloc_buffer: failed to allocate buffer of size 9000000000'])).toEqual({ outcome: 'oom', classification: 'ram_alloc_failed' });
    expect(classifyLlamaCppExit(exit(null, 'SIGABRT'), ['GGML_ASSERT(ne <= 128 MiB) failed'])).toEqual({ outcome: 'crashed', classification: 'abort' });
    expect(classifyLlamaCppExit(exit(null, 'SIGSEGV'), [])).toEqual({ outcome: 'crashed', classification: 'segfault' });
    expect(classifyLlamaCppExit(exit(1), ['llama_init_from_model: failed to initialize the context: quantized V cache was requested, but this requires Flash Attention'])).toEqual({ outcome: 'error', classification: 'context_create_failed' });
    expect(classifyLlamaCppExit({ code: null, signal: 'SIGKILL', timedOut: true }, [])).toEqual({ outcome: 'timeout', classification: 'timeout' });
  });

  it('reads the arguments llama-fit-params prints, and the version line', () => {
    expect(parseFitArgs('-c 2048 -ngl -1\n')).toMatchObject({ contextSize: 2048, gpuLayers: -1, nCpuMoe: null, raw: '-c 2048 -ngl -1' });
    expect(parseFitArgs('-c 32768 -ngl 49 -ts 20,29 -ot blk\\.(4[0-7])\\.ffn_(up|down|gate)_exps=CPU')).toMatchObject({ gpuLayers: 49, tensorSplit: '20,29', overrideTensor: 'blk\\.(4[0-7])\\.ffn_(up|down|gate)_exps=CPU' });
    expect(parseVersion('version: 0.5.0-dev (build 1, commit de3ff81)\nbuilt with GNU 12.2.0 for Linux x86_64')).toEqual({ version: '0.5.0-dev (build 1, commit de3ff81)', builtWith: 'GNU 12.2.0 for Linux x86_64' });
  });
});
