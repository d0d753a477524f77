import { bytesText } from '../report/formatQuantities.js';
import type { AuditContext } from './AuditContext.js';
import { kvCacheBytes, q8CacheFits } from './kvCacheBytes.js';
import type { LiveFacts } from './LiveFacts.js';
import { num, type FindingDraft } from './makeFinding.js';
import { RUNTIME_LABELS } from './runtimeLabels.js';
import { RAM_SLOWDOWN, spillSlowdown } from './spillSlowdown.js';

/** Below this share on the CPU, a spill is noise (the output layer, a projector). */
const SPILL_MIN = 0.02;

const pct = (share: number) => `${Math.round(share * 100)}%`;

/** Part of the model runs on the CPU: Ollama's size vs size_vram, or llama-server's -ngl below the layer count. */
export function cpuSpill(facts: LiveFacts, ctx: AuditContext): FindingDraft | null {
  const spill = facts.kind === 'ollama' ? ollamaSpill(facts) : facts.kind === 'llama-server' ? serverSpill(facts, ctx) : null;
  if (!spill || spill.share < SPILL_MIN) return null;
  const slow = spillSlowdown(spill.share);
  const perSlot = facts.settings.perSlotContext;
  const lowerContext = perSlot !== null && perSlot > 2048 ? Math.max(2048, Math.floor(perSlot / 2 / 1024) * 1024) : null;
  return {
    id: 'cpu_spill',
    severity: spill.share >= 0.5 ? 'error' : 'warning',
    message: `${pct(spill.share)} of ${spill.model} runs on the CPU. Every token waits for that part, so generation is an estimated ${slow.low.toFixed(1)}–${slow.high.toFixed(1)}× slower than with the whole model on the GPU (estimated from RAM being ${RAM_SLOWDOWN.low}–${RAM_SLOWDOWN.high}× slower than VRAM; not measured here).`,
    evidence: spill.evidence,
    fixTitle: lowerContext !== null ? `Lower the context to ${num(lowerContext)} tokens so more of the model fits the GPU` : 'Use a smaller quantization of the model (or free GPU memory)',
    change: lowerContext !== null ? { contextSize: lowerContext, ...(facts.kind === 'llama-server' && facts.settings.slots && facts.settings.slots > 1 ? { parallel: facts.settings.slots } : {}) } : { action: 'Use a smaller quantization of the model, or close what else uses the GPU.' },
    knowledgeEntry: facts.kind === 'ollama' ? 'ollama-cpu-gpu-split' : 'partial-gpu-offload',
  };
}

function ollamaSpill(facts: LiveFacts) {
  const model = facts.models.find((m) => m.cpuShare !== null && m.cpuShare >= SPILL_MIN);
  if (!model) return null;
  return {
    model: model.name,
    share: model.cpuShare!,
    evidence: [
      { source: 'GET /api/ps', field: 'size', value: model.sizeBytes },
      { source: 'GET /api/ps', field: 'size_vram', value: model.vramBytes },
      { source: 'GET /api/ps', field: 'share on the CPU (1 − size_vram ÷ size)', value: Number(model.cpuShare!.toFixed(4)) },
    ],
  };
}

function serverSpill(facts: LiveFacts, ctx: AuditContext) {
  const model = facts.models[0];
  if (!model) return null;
  // The server's own log says what the load put on the GPU: the best evidence.
  if (facts.logOffload) {
    const { onGpu, total, line } = facts.logOffload;
    return { model: model.name, share: (total - onGpu) / total, evidence: [{ source: `log ${facts.logFile}`, field: 'load line', value: line }] };
  }
  const ngl = facts.settings.gpuLayers;
  if (model.layers === null || typeof ngl !== 'number' || ngl === 0 || ctx.hasGpu !== true) return null;
  // -ngl counts the repeating blocks and then the output layer: blocks + 1 puts everything on the GPU.
  const onGpu = Math.min(ngl, model.layers + 1);
  const share = (model.layers + 1 - onGpu) / (model.layers + 1);
  return {
    model: model.name,
    share,
    evidence: [
      { source: facts.settingSources.gpuLayers ?? 'process command line', field: '-ngl', value: ngl },
      { source: 'GGUF metadata', field: 'block_count (+1 output layer)', value: model.layers + 1 },
      { source: 'hardware probe', field: 'GPU', value: ctx.gpuName ?? 'present' },
    ],
  };
}

/** Flash attention and the K/V cache type left at defaults that keep a full-size f16 cache. */
export function kvCacheDefaults(facts: LiveFacts): FindingDraft | null {
  if (facts.kind === 'vllm') return vllmCacheDtype(facts);
  const { typeK, flashAttention, contextSize, slots } = facts.settings;
  if (typeK === null || typeK !== 'f16' || flashAttention === null || facts.geometry === null || contextSize === null) return null;
  const geometry = facts.geometry;
  const seqs = slots ?? 1;
  const now = kvCacheBytes(geometry, contextSize, 'f16', seqs, flashAttention === true);
  const q8 = q8CacheFits(geometry);
  const after = q8 ? kvCacheBytes(geometry, contextSize, 'q8_0', seqs, true) : kvCacheBytes(geometry, contextSize, 'f16', seqs, true);
  return {
    id: 'kv_cache_defaults',
    severity: 'info',
    message: q8
      ? `The K/V cache is f16 with flash attention ${flashAttention === 'auto' ? 'left to auto' : 'off'}: ${bytesText(now)} for ${num(contextSize)} tokens. A q8_0 cache with flash attention on needs about ${bytesText(after)}, room for a longer context or more GPU layers.`
      : `Flash attention is ${flashAttention === 'auto' ? 'left to auto' : 'off'} and the K/V cache is f16 (${bytesText(now)} for ${num(contextSize)} tokens). This model's head size (${geometry.keyLength}) is not a multiple of 32, so a q8_0 cache cannot be used; turning flash attention on is the only cache saving.`,
    evidence: [
      { source: facts.settingSources.typeK ?? 'the runtime', field: 'K cache type', value: typeK },
      { source: facts.settingSources.flashAttention ?? 'the runtime', field: 'flash attention', value: String(flashAttention) },
      { source: 'memory model', field: 'KV cache bytes now', value: now },
      { source: 'memory model', field: 'KV cache bytes after the fix', value: after },
    ],
    fixTitle: q8 ? 'Turn flash attention on and quantize the K/V cache to q8_0' : 'Turn flash attention on',
    change: q8 ? { flashAttention: true, typeK: 'q8_0', typeV: 'q8_0' } : { flashAttention: true },
    knowledgeEntry: 'probe-oom-fixed-by-kv-quantization',
  };
}

function vllmCacheDtype(facts: LiveFacts): FindingDraft | null {
  if (facts.metrics?.cacheDtype !== 'auto') return null;
  return {
    id: 'kv_cache_defaults',
    severity: 'info',
    message: 'vLLM keeps its KV cache in the model\'s dtype (cache_dtype "auto"). An fp8 cache holds about twice the tokens in the same memory (check the model\'s quality with it).',
    evidence: [{ source: 'GET /metrics vllm:cache_config_info', field: 'cache_dtype', value: 'auto' }],
    fixTitle: 'Store the KV cache in fp8',
    change: { typeK: 'q8_0', typeV: 'q8_0' },
    knowledgeEntry: null,
  };
}

/** vLLM's KV cache is (nearly) full, or requests were preempted for lack of it. */
export function vllmCachePressure(facts: LiveFacts): FindingDraft | null {
  const m = facts.metrics;
  if (facts.kind !== 'vllm' || !m) return null;
  const full = m.kvCacheUsage !== null && m.kvCacheUsage >= 0.9;
  const preempted = m.preemptions !== null && m.preemptions > 0;
  if (!full && !preempted) return null;
  return {
    id: 'kv_cache_pressure',
    severity: 'warning',
    message: `${preempted ? `vLLM preempted requests ${num(m.preemptions!)} times for lack of KV cache` : 'vLLM\'s KV cache is nearly full'}${m.kvCacheUsage !== null ? ` (cache usage ${pct(m.kvCacheUsage)})` : ''}: preempted requests are recomputed, which stalls every request in the batch.`,
    evidence: [
      ...(m.kvCacheUsage !== null ? [{ source: 'GET /metrics', field: 'vllm:kv_cache_usage_perc', value: m.kvCacheUsage }] : []),
      ...(m.preemptions !== null ? [{ source: 'GET /metrics', field: 'vllm:num_preemptions_total', value: m.preemptions }] : []),
    ],
    fixTitle: 'Give vLLM more cache memory, or fewer sequences at once',
    change: { action: '--gpu-memory-utilization 0.95 (or a lower --max-num-seqs)' },
    knowledgeEntry: 'vllm-kv-cache-below-max-model-len',
  };
}

/** The runtime answers but has no model loaded: there is nothing to audit yet. */
export function noModelLoaded(facts: LiveFacts): FindingDraft | null {
  if (facts.models.length > 0) return null;
  const load = facts.kind === 'ollama' ? 'ollama run MODEL' : facts.kind === 'lmstudio' ? 'lms load MODEL' : 'load a model';
  return {
    id: 'no_model_loaded',
    severity: 'info',
    message: `${RUNTIME_LABELS[facts.kind]} answers at ${facts.url} but has no model loaded, so its context, offload and cache cannot be read. Load the model you use, then check again.`,
    evidence: [{ source: facts.endpoints[0]?.path ?? 'the runtime', field: 'loaded models', value: 0 }],
    fixTitle: 'Load the model you use, then check again',
    change: { action: load },
    knowledgeEntry: null,
  };
}
