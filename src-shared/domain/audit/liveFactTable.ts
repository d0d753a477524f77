import type { AuditEvidence, AuditRuntime } from '../../contract/audit.js';
import type { LiveFactValues } from '../../knowledge/evaluateCondition.js';
import type { LiveFactName } from '../../knowledge/Facts.js';
import type { AuditContext } from './AuditContext.js';
import type { LiveFacts } from './LiveFacts.js';

/** Below this share on the CPU, a spill is noise (the output layer, a projector). */
export const SPILL_MIN = 0.02;

/** Where each runtime lists its loaded models. */
const MODEL_SOURCE: Record<AuditRuntime, string> = { ollama: 'GET /api/ps', 'llama-server': 'GET /props', lmstudio: 'GET /api/v1/models', vllm: 'GET /v1/models' };

/** The live facts the knowledge base's conditions read, each with the evidence that says it. */
export interface LiveFactTable {
  values: LiveFactValues;
  evidence: Partial<Record<LiveFactName, AuditEvidence[]>>;
  /** The model that spills to the CPU, when one does. */
  spillModel: string | null;
  /** The llama-server slot whose last request filled the most of its context, when one ran a request. */
  fullestSlot: number | null;
}

/** Flattens what a connector read (and what the user and this machine's probes say) into named facts with their sources. */
export function liveFactTable(facts: LiveFacts, ctx: AuditContext): LiveFactTable {
  const table: LiveFactTable = { values: {}, evidence: {}, spillModel: null, fullestSlot: null };
  const set = (name: LiveFactName, value: number | string | boolean | null | undefined, ...evidence: AuditEvidence[]) => {
    if (value === null || value === undefined) return;
    table.values[name] = value;
    table.evidence[name] = evidence;
  };
  const { settings, settingSources: src } = facts;
  const server = facts.kind === 'llama-server';
  set('runtime', facts.kind);
  set('runtimeVersion', facts.version, { source: facts.kind === 'llama-server' ? 'GET /props build_info' : facts.kind === 'ollama' ? 'GET /api/version' : 'GET /version', field: 'version', value: facts.version });
  set('contextSize', settings.contextSize, { source: src.contextSize ?? 'GET /props', field: server ? 'context pool (-c)' : 'context size', value: settings.contextSize });
  set('slots', settings.slots, { source: src.slots ?? 'GET /props', field: 'total_slots', value: settings.slots });
  set('perSlotContext', settings.perSlotContext, { source: src.perSlotContext ?? 'the runtime', field: 'per-request context', value: settings.perSlotContext });
  if (typeof settings.gpuLayers === 'number') set('gpuLayers', settings.gpuLayers, { source: src.gpuLayers ?? 'process command line', field: '-ngl', value: settings.gpuLayers });
  if (settings.flashAttention !== null) {
    const fa = settings.flashAttention === 'auto' ? 'auto' : settings.flashAttention ? 'on' : 'off';
    set('flashAttention', fa, { source: src.flashAttention ?? 'the runtime', field: 'flash attention', value: String(settings.flashAttention) });
  }
  set('typeK', settings.typeK, { source: src.typeK ?? 'the runtime', field: 'K cache type', value: settings.typeK });
  set('typeV', settings.typeV, { source: src.typeV ?? 'the runtime', field: 'V cache type', value: settings.typeV });
  set('promptTokens', ctx.promptTokens, { source: 'you said', field: 'prompt tokens', value: ctx.promptTokens });
  set('modelsLoaded', facts.models.length, { source: facts.endpoints[0]?.path ?? 'the runtime', field: 'loaded models', value: facts.models.length });
  set('hasGpu', ctx.hasGpu, { source: ctx.gpuSource ?? 'hardware probe', field: 'GPU', value: ctx.gpuName ?? (ctx.hasGpu ? 'present' : 'none') });
  set('geometryKnown', facts.geometry !== null, { source: 'GGUF metadata', field: 'model geometry', value: facts.geometry !== null });
  const first = facts.models[0];
  if (first) set('modelName', first.name, { source: MODEL_SOURCE[facts.kind], field: 'model', value: first.name });
  if (facts.capabilities) set('visionModel', facts.capabilities.includes('vision'), { source: 'POST /api/show capabilities', field: 'capabilities', value: facts.capabilities.join(', ') });
  trained(facts, set);
  table.fullestSlot = fullestSlot(facts, set);
  if (ctx.verified) set('verifiedContext', ctx.verified.maxContextSize, { source: `probe ${ctx.verified.probeId}`, field: 'largest verified context', value: ctx.verified.maxContextSize });
  metrics(facts, set);
  const spill = facts.kind === 'ollama' ? ollamaSpill(facts) : server ? serverSpill(facts, ctx) : null;
  if (spill) {
    set('cpuShare', spill.share, ...spill.evidence);
    table.spillModel = spill.model;
  }
  return table;
}

type Setter = (name: LiveFactName, value: number | string | boolean | null | undefined, ...evidence: AuditEvidence[]) => void;

function trained(facts: LiveFacts, set: Setter): void {
  const model = facts.models[0];
  if (!model) return;
  const evidence: AuditEvidence[] = [{ source: facts.kind === 'ollama' ? 'POST /api/show model_info' : 'model list max_context_length', field: 'trained context', value: model.trainedContext }];
  // The Modelfile's num_ctx explains where a small context comes from.
  if (facts.configuredContext !== null) evidence.push({ source: 'POST /api/show parameters', field: 'num_ctx in the Modelfile', value: facts.configuredContext });
  set('trainedContext', model.trainedContext, ...evidence);
}

/** The slot whose last request filled the largest share of its context. */
function fullestSlot(facts: LiveFacts, set: Setter): number | null {
  const used = (facts.slots ?? []).filter((s) => s.promptTokens !== null);
  const fullest = used.sort((a, b) => b.promptTokens! / b.contextSize - a.promptTokens! / a.contextSize || b.promptTokens! - a.promptTokens!)[0];
  if (!fullest) return null;
  set('slotPromptTokens', fullest.promptTokens, { source: 'GET /slots', field: `slot ${fullest.id} n_prompt_tokens`, value: fullest.promptTokens });
  set('slotContext', fullest.contextSize, { source: 'GET /slots', field: `slot ${fullest.id} n_ctx`, value: fullest.contextSize });
  return fullest.id;
}

function metrics(facts: LiveFacts, set: Setter): void {
  const m = facts.metrics;
  if (!m) return;
  set('kvCacheUsage', m.kvCacheUsage, { source: 'GET /metrics', field: 'vllm:kv_cache_usage_perc', value: m.kvCacheUsage });
  set('preemptions', m.preemptions, { source: 'GET /metrics', field: 'vllm:num_preemptions_total', value: m.preemptions });
  set('cacheDtype', m.cacheDtype, { source: 'GET /metrics vllm:cache_config_info', field: 'cache_dtype', value: m.cacheDtype });
}

interface Spill {
  model: string;
  share: number;
  evidence: AuditEvidence[];
}

/** Ollama's /api/ps: size against size_vram, for the first model that spills. */
function ollamaSpill(facts: LiveFacts): Spill | null {
  const model = facts.models.find((m) => m.cpuShare !== null && m.cpuShare >= SPILL_MIN) ?? facts.models.find((m) => m.cpuShare !== null);
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

/** llama-server: its log's offload line, else -ngl against the layer count where this machine has a GPU. */
function serverSpill(facts: LiveFacts, ctx: AuditContext): Spill | null {
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
  return {
    model: model.name,
    share: (model.layers + 1 - onGpu) / (model.layers + 1),
    evidence: [
      { source: facts.settingSources.gpuLayers ?? 'process command line', field: '-ngl', value: ngl },
      { source: 'GGUF metadata', field: 'block_count (+1 output layer)', value: model.layers + 1 },
      { source: ctx.gpuSource ?? 'hardware probe', field: 'GPU', value: ctx.gpuName ?? 'present' },
    ],
  };
}
