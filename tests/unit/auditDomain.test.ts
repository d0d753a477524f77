import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditReportSchema } from '../../src-shared/contract/audit';
import { auditRuntime as auditAgainst } from '../../src-shared/domain/audit/auditFindings';
import { correctCommandLine } from '../../src-shared/domain/audit/correctCommandLine';
import { fixLine } from '../../src-shared/domain/audit/fixLine';
import { lastOffload } from '../../src-shared/domain/audit/lastOffload';
import { EMPTY_SETTINGS, type LiveFacts } from '../../src-shared/domain/audit/LiveFacts';
import { parseOllama } from '../../src-shared/domain/audit/parseOllama';
import { parseServerArgs } from '../../src-shared/domain/audit/parseServerArgs';
import { parseVllm } from '../../src-shared/domain/audit/parseVllm';
import { spillSlowdown } from '../../src-shared/domain/audit/spillSlowdown';
import { ROOT } from '../support/paths';
import { knowledgeBase } from './knowledgeFixtures';

const auditRuntime = (facts: LiveFacts, ctx: Parameters<typeof auditAgainst>[1]) => auditAgainst(facts, ctx, knowledgeBase().entries);

const fixture = (path: string) => readFileSync(join(ROOT, 'tests', 'fixtures', path), 'utf8');

describe('llama-server command lines', () => {
  it('reads every spelling of the audited flags', () => {
    const args = parseServerArgs(['llama-server', '--model=/m.gguf', '--ctx-size', '16384', '-np', '4', '-ngl', '20', '--flash-attn', 'on', '-ctk', 'q8_0', '--cache-type-v=q4_0', '-kvu', '--log-file', '/tmp/l.log']);
    expect(args).toEqual({ contextSize: 16384, parallel: 4, gpuLayers: 20, flashAttention: true, typeK: 'q8_0', typeV: 'q4_0', kvUnified: true, model: '/m.gguf', logFile: '/tmp/l.log' });
    expect(parseServerArgs(['llama-server', '-ngl', 'all', '-fa', 'auto']).gpuLayers).toBe('all');
  });

  it('a corrected command line drops the old flags in every spelling and writes the pool as -c = context × slots', () => {
    const argv = ['llama-server', '-m', 'm.gguf', '--ctx-size=16384', '--parallel', '4', '-fa', 'off', '--port', '8080'];
    expect(correctCommandLine(argv, { contextSize: 16384, parallel: 1 }, 4)).toBe('llama-server -m m.gguf -fa off --port 8080 -c 16384 -np 1');
    expect(correctCommandLine(argv, { contextSize: 8192 }, 4)).toBe('llama-server -m m.gguf -fa off --port 8080 -c 32768 -np 4');
    expect(correctCommandLine(argv, { flashAttention: true, typeK: 'q8_0', typeV: 'q8_0' }, 4)).toBe('llama-server -m m.gguf --ctx-size=16384 --parallel 4 --port 8080 -fa on -ctk q8_0 -ctv q8_0');
  });
});

describe('fix lines per runtime', () => {
  it('writes the same change in each runtime\'s syntax', () => {
    const change = { contextSize: 16384 };
    expect(fixLine('llama-server', { ...change, parallel: 1 }, null)).toBe('-c 16384 -np 1');
    expect(fixLine('ollama', change, 'gemma3')).toBe('PARAMETER num_ctx 16384   # or OLLAMA_CONTEXT_LENGTH=16384 for every model');
    expect(fixLine('lmstudio', change, 'qwen 7b')).toBe("lms load 'qwen 7b' --context-length 16384");
    expect(fixLine('vllm', change, null)).toBe('--max-model-len 16384');
    expect(fixLine('ollama', { flashAttention: true, typeK: 'q8_0', typeV: 'q8_0' }, null)).toBe('OLLAMA_FLASH_ATTENTION=1  OLLAMA_KV_CACHE_TYPE=q8_0');
  });
});

describe('CPU spill', () => {
  it('reads the offload from real llama.cpp logs (Ollama 5/37, llava 6/33)', () => {
    expect(lastOffload(fixture('logs/slow_partial_offload/ollama-cuda-5-of-37-layers-32k-ctx.log'))).toMatchObject({ onGpu: 5, total: 37 });
    expect(lastOffload(fixture('logs/slow_partial_offload/ollama-cuda-llava-6-of-33-layers.log'))).toMatchObject({ onGpu: 6, total: 33, line: 'llm_load_tensors: offloaded 6/33 layers to GPU' });
    expect(lastOffload('load_tensors: CPU_Mapped model buffer size = 1.2 MiB')).toBeNull();
  });

  it('estimates the slowdown from the share on the CPU and the RAM/VRAM range', () => {
    expect(spillSlowdown(0)).toEqual({ low: 1, mid: 1, high: 1 });
    const s = spillSlowdown(0.5);
    expect([s.low, s.mid, s.high]).toEqual([3, 5.5, 10.5]);
  });

  it('a llama-server whose log shows 5 of 37 layers on the GPU: an error finding with the log line as evidence', () => {
    const log = fixture('logs/slow_partial_offload/ollama-cuda-5-of-37-layers-32k-ctx.log');
    const facts: LiveFacts = {
      kind: 'llama-server', url: 'http://127.0.0.1:8080', version: 'b1', settings: { ...EMPTY_SETTINGS, contextSize: 32768, slots: 1, perSlotContext: 32768, gpuLayers: 5 }, settingSources: {},
      models: [{ name: 'm', path: null, contextSize: 32768, trainedContext: null, layers: 36, sizeBytes: null, vramBytes: null, cpuShare: null }],
      slots: null, metrics: null, geometry: null, configuredContext: null, commandLine: null, logFile: '/var/log/llama.log', logOffload: lastOffload(log), endpoints: [],
    };
    const audit = auditRuntime(facts, { promptTokens: null, verified: null, hasGpu: null });
    const spill = audit.findings.find((f) => f.id === 'cpu_spill')!;
    expect(spill.severity).toBe('error');
    expect(spill.message).toMatch(/^86% of m runs on the CPU/);
    expect(spill.evidence[0]).toEqual({ source: 'log /var/log/llama.log', field: 'load line', value: expect.stringContaining('offloaded 5/37 layers to GPU') });
    expect(spill.fix.line).toBe('-c 16384 -np 1');
    expect(AuditReportSchema.parse({ runtimes: [audit], checkedAt: 'now' }).runtimes[0]!.findings.length).toBeGreaterThan(0);
  });
});

describe('llama-server -ngl without its log', () => {
  const facts = (gpuLayers: number): LiveFacts => ({
    kind: 'llama-server', url: 'http://127.0.0.1:8080', version: null, settings: { ...EMPTY_SETTINGS, contextSize: 8192, slots: 1, perSlotContext: 8192, gpuLayers }, settingSources: { gpuLayers: 'process command line' },
    models: [{ name: 'm', path: null, contextSize: 8192, trainedContext: null, layers: 32, sizeBytes: null, vramBytes: null, cpuShare: null }],
    slots: null, metrics: null, geometry: null, configuredContext: null, commandLine: null, logFile: null, logOffload: null, endpoints: [],
  });
  it('is a spill only where the hardware probe found a GPU: -ngl 20 of 33 layers leaves 39% on the CPU', () => {
    const withGpu = auditRuntime(facts(20), { promptTokens: null, verified: null, hasGpu: true, gpuName: 'NVIDIA GeForce RTX 4090' }).findings.find((f) => f.id === 'cpu_spill')!;
    expect(withGpu.message).toMatch(/^39% of m runs on the CPU/);
    expect(withGpu.evidence).toContainEqual({ source: 'hardware probe', field: 'GPU', value: 'NVIDIA GeForce RTX 4090' });
    expect(auditRuntime(facts(20), { promptTokens: null, verified: null, hasGpu: false }).findings.some((f) => f.id === 'cpu_spill')).toBe(false);
    expect(auditRuntime(facts(33), { promptTokens: null, verified: null, hasGpu: true }).findings.some((f) => f.id === 'cpu_spill')).toBe(false);
  });
});

describe('Ollama responses', () => {
  it('size_vram absent means 0 on the GPU (ollama/ollama#4840)', () => {
    const parsed = parseOllama({ models: [{ name: 'a', size: 100 }] }, null, null);
    expect(parsed.models[0]!.cpuShare).toBe(1);
  });
});

describe('vLLM metrics', () => {
  const models = JSON.parse(fixture('runtimes/vllm/v1-models-modal-843.json')) as unknown;
  const recorded = fixture('runtimes/vllm/metrics-kv-usage-617.txt');
  const audit = (metrics: string) => auditRuntime({ kind: 'vllm', url: 'http://127.0.0.1:8000', ...parseVllm(models, metrics, null), slots: null, geometry: null, configuredContext: null, commandLine: null, logFile: null, logOffload: null, endpoints: [] }, { promptTokens: null, verified: null, hasGpu: null });

  it('reads the V1 KV gauge of a recorded idle server (no pressure)', () => {
    expect(parseVllm(models, recorded, null).metrics).toEqual({ kvCacheUsage: 9.75010481363281e-06, preemptions: null, cacheDtype: null });
    expect(audit(recorded).findings).toEqual([]);
  });

  it('a variant of that capture with the cache 95% full and 12 preemptions is a pressure warning', () => {
    const busy = recorded.replace(/(vllm:kv_cache_usage_perc\{[^}]*\}) \S+/, '$1 0.95') + 'vllm:num_preemptions_total{engine="0",model_name="zai-org/GLM-4.5"} 12.0\n';
    const f = audit(busy).findings.find((x) => x.id === 'kv_cache_pressure')!;
    expect(f.message).toContain('vLLM preempted requests 12 times for lack of KV cache (cache usage 95%)');
    expect(f.fix.line).toBe('--gpu-memory-utilization 0.95 (or a lower --max-num-seqs)');
  });
});
