import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attentionPromptTokens, ledgerQuestions, ledgerText } from '../../src-shared/domain/probe/attentionPrompt';
import { classifyFailure, type FailureEvidence } from '../../src-shared/domain/probe/classifyFailure';
import { parseBufferSizes } from '../../src-shared/domain/probe/parseBufferSizes';
import { parseByteSize } from '../../src-shared/domain/probe/parseByteSize';

const evidence = (e: Partial<FailureEvidence>): FailureEvidence => ({ message: null, workerClass: null, signal: null, exitCode: null, stderrTail: [], phase: 'prompt', mechanism: null, cgroupOomKill: null, timedOut: false, cancelled: false, ...e });

describe('failure classification', () => {
  it.each([
    [{ signal: 'SIGKILL', mechanism: 'cgroup', cgroupOomKill: true }, 'oom', 'cgroup_oom_kill'],
    [{ signal: 'SIGKILL', mechanism: 'cgroup', cgroupOomKill: false }, 'crashed', 'killed'],
    [{ signal: 'SIGKILL', mechanism: 'cgroup', cgroupOomKill: null }, 'oom', 'cgroup_oom_kill'],
    [{ signal: 'SIGKILL' }, 'crashed', 'killed'],
    [{ signal: 'SIGSEGV' }, 'crashed', 'segfault'],
    [{ signal: 'SIGABRT' }, 'crashed', 'abort'],
    [{ signal: 'SIGABRT', phase: 'context', mechanism: 'addressSpace' }, 'oom', 'address_space_limit'],
    [{ workerClass: 'context_create_failed', message: 'Failed to create context', phase: 'context', mechanism: 'addressSpace' }, 'oom', 'address_space_limit'],
    [{ workerClass: 'estimate_refused', message: 'A context size of 16384 is too large for the available RAM' }, 'oom', 'estimate_refused'],
    [{ workerClass: 'context_create_failed', message: 'Failed to create context', stderrTail: ['llama_init_from_model: quantized V cache requires flash_attn to be enabled'] }, 'error', 'invalid_config'],
    [{ signal: 'SIGABRT', stderrTail: ['ggml_vulkan: Device memory allocation of size 268435456 failed.', 'vk::Device::allocateMemory: ErrorOutOfDeviceMemory'] }, 'oom', 'vram_alloc_failed'],
    [{ signal: 'SIGABRT', stderrTail: ["terminate called after throwing an instance of 'std::bad_alloc'"] }, 'oom', 'ram_alloc_failed'],
    [{ timedOut: true, signal: 'SIGKILL' }, 'timeout', 'timeout'],
    [{ cancelled: true, signal: 'SIGKILL' }, 'cancelled', 'cancelled'],
    [{ exitCode: 1 }, 'crashed', 'exited'],
    [{ workerClass: 'model_load_failed', message: 'Failed to load model', phase: 'load' }, 'error', 'model_load_failed'],
  ] as [Partial<FailureEvidence>, string, string][])('%j → %s / %s', (e, outcome, classification) => {
    expect(classifyFailure(evidence(e))).toEqual({ outcome, classification });
  });
});

describe('llama.cpp buffer lines', () => {
  it('sums the model, KV, compute and output buffers per device, from a real log', () => {
    const lines = [
      'load_tensors:   CPU_Mapped model buffer size =    10.52 MiB',
      'llama_context:        CPU  output buffer size =     0.12 MiB',
      'llama_kv_cache:        CPU KV buffer size =    32.00 MiB',
      'llama_kv_cache_iswa:      CUDA0 KV buffer size =   16.00 MiB',
      'llama_context:      CUDA0 compute buffer size =   300.01 MiB',
      'llama_context:  CUDA_Host compute buffer size =    12.01 MiB',
      'print_info: n_ctx_train      = 32768',
    ];
    const r = parseBufferSizes(lines);
    const mib = (x: number) => Math.round(x * 2 ** 20);
    expect(r).toMatchObject({ modelBytes: mib(10.52), kvBytes: mib(48), computeBytes: mib(300.01) + mib(12.01), outputBytes: mib(0.12) });
    expect(r.byDevice.map((d) => `${d.device}/${d.kind}`)).toEqual(['CPU_Mapped/model', 'CPU/output', 'CPU/kv', 'CUDA0/kv', 'CUDA0/compute', 'CUDA_Host/compute']);
    expect(parseBufferSizes(['nothing here'])).toEqual({ modelBytes: null, kvBytes: null, computeBytes: null, outputBytes: null, byDevice: [] });
  });

  it('reads every buffer line of the real-log fixtures that print them', () => {
    const root = join(__dirname, '..', 'fixtures', 'logs');
    let found = 0;
    for (const dir of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const file of readdirSync(join(root, dir.name))) {
        const lines = readFileSync(join(root, dir.name, file), 'utf8').split('\n');
        const printed = lines.filter((l) => /\S\s+(model|KV|RS|compute|output) buffer size =\s*[\d.]+ MiB/.test(l)).length;
        found += printed;
        expect(parseBufferSizes(lines).byDevice.length).toBe(printed);
      }
    }
    expect(found).toBeGreaterThan(5);
  });
});

describe('the attention-heavy prompt', () => {
  const words = (text: string) => text.split(/(?<=\s)/);

  it('is a long varied document followed by questions about its first records, cut to the exact length', () => {
    const tokens = attentionPromptTokens(3000, words);
    expect(tokens).toHaveLength(3000);
    const text = tokens.join('');
    expect(text.startsWith('The harbour ledger')).toBe(true);
    expect(text.endsWith('Answer:')).toBe(true);
    expect(text).toContain('In record 1, which ship arrived in');
    // Real text: no word makes up more than English's most common one does here ("the", about 13 %).
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t.trim(), (counts.get(t.trim()) ?? 0) + 1);
    expect(Math.max(...counts.values()) / tokens.length).toBeLessThan(0.15);
    expect(counts.size).toBeGreaterThan(150);
  });

  it('asks about what record 1 really says, and is the same every time', () => {
    const record1 = ledgerText(1).split('\n').find((l) => l.startsWith('Record 1.'))!;
    const harbour = /came into (.+?) carrying/.exec(record1)![1]!;
    expect(ledgerQuestions()).toContain(`In record 1, which ship arrived in ${harbour}`);
    expect(attentionPromptTokens(500, words)).toEqual(attentionPromptTokens(500, words));
    expect(attentionPromptTokens(10, words)).toHaveLength(10);
  });
});

describe('byte sizes', () => {
  it.each([['3GiB', 3 * 2 ** 30], ['1.5GB', 1.5e9], ['512M', 512e6], ['2048 MiB', 2048 * 2 ** 20], ['1000', 1000]])('%s → %d', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });
  it.each(['lots', '', '-1GB', '3 parsecs', '0'])('%j is not a size', (text) => expect(parseByteSize(text)).toBeNull());
});
