import type { AuditEvidence } from '../../contract/audit.js';
import type { SettingsChange } from '../../contract/settings.js';
import type { AUDIT_WRITERS } from '../../knowledge/KnowledgeEntry.js';
import { bytesText } from '../report/formatQuantities.js';
import type { AuditContext } from './AuditContext.js';
import { kvCacheBytes, q8CacheFits } from './kvCacheBytes.js';
import type { LiveFactTable } from './liveFactTable.js';
import type { LiveFacts } from './LiveFacts.js';
import { num, roundContext } from './makeFinding.js';
import { RAM_SLOWDOWN, spillSlowdown } from './spillSlowdown.js';

// The words and numbers of each finding. Whether a finding is raised, how severe it is and what
// evidence it cites come from its knowledge-base entry (its `audit` rules); a writer only says it.
// Writers run after their rule held, so the facts its conditions name are there.

/** What a writer adds to a raised rule. */
export interface Written {
  message: string;
  fixTitle: string;
  change: SettingsChange;
  /** Computed evidence after the cited facts (the memory model's bytes). */
  evidence?: AuditEvidence[];
}

type Writer = (facts: LiveFacts, ctx: AuditContext, table: LiveFactTable) => Written;

const pct = (share: number) => `${Math.round(share * 100)}%`;

/** llama-server's -np with several slots: a fix that changes the context keeps them. */
const keepSlots = (facts: LiveFacts) => (facts.kind === 'llama-server' && facts.settings.slots !== null && facts.settings.slots > 1 ? { parallel: facts.settings.slots } : {});

const perSlotDivision: Writer = (facts, ctx) => {
  const { slots, perSlotContext: perSlot, contextSize } = facts.settings as { slots: number; perSlotContext: number; contextSize: number };
  const wanted = ctx.promptTokens !== null && ctx.promptTokens > contextSize ? roundContext(ctx.promptTokens) : contextSize;
  return {
    message: `llama-server divides its ${num(contextSize)}-token context among ${slots} slots, so each request gets ${num(perSlot)} tokens, not ${num(contextSize)}. A longer prompt is refused ("exceeds the available context size").`,
    fixTitle: `Serve one request at a time with the whole ${num(wanted)} tokens`,
    change: { contextSize: wanted, parallel: 1 },
  };
};

const contextBelowPrompts: Writer = (facts, ctx) => {
  const prompt = ctx.promptTokens!;
  return {
    message: `Your prompts need ${num(prompt)} tokens, but each request here gets ${num(facts.settings.perSlotContext!)}. ${facts.kind === 'ollama' ? 'Ollama cuts the start of a longer prompt without an error.' : 'A longer request is refused or cut.'}`,
    fixTitle: `Raise the context to ${num(roundContext(prompt))} tokens`,
    change: { contextSize: roundContext(prompt), ...keepSlots(facts) },
  };
};

const slotNearlyFull: Writer = (facts, _ctx, table) => {
  const perSlot = facts.settings.perSlotContext!;
  return {
    message: `Slot ${table.fullestSlot}'s last request filled ${num(table.values.slotPromptTokens as number)} of its ${num(table.values.slotContext as number)} tokens (prompt and reply): the requests sent here already reach the context, and a slightly longer one will be refused.`,
    fixTitle: `Give each request ${num(perSlot * 2)} tokens`,
    change: { contextSize: perSlot * 2, ...keepSlots(facts) },
  };
};

const smallDefaultContext: Writer = (facts) => {
  const model = facts.models[0]!;
  const perSlot = facts.settings.perSlotContext!;
  const trained = model.trainedContext!;
  const target = Math.min(trained, Math.max(16384, perSlot * 2));
  return {
    message: `${model.name} runs with ${num(perSlot)} tokens of context, though it was trained for ${num(trained)}. ${facts.kind === 'ollama' ? 'Ollama cuts longer prompts from the start without an error ("truncating input prompt" in its log).' : 'Longer conversations and documents will not fit.'} Raising it costs KV cache memory.`,
    fixTitle: `Raise the context to ${num(target)} tokens (if your prompts are longer than ${num(perSlot)})`,
    change: { contextSize: target },
  };
};

const cpuSpill: Writer = (facts, _ctx, table) => {
  const share = table.values.cpuShare as number;
  const slow = spillSlowdown(share);
  const perSlot = facts.settings.perSlotContext;
  const lowerContext = perSlot !== null && perSlot > 2048 ? Math.max(2048, Math.floor(perSlot / 2 / 1024) * 1024) : null;
  return {
    message: `${pct(share)} of ${table.spillModel} runs on the CPU. Every token waits for that part, so generation is an estimated ${slow.low.toFixed(1)}–${slow.high.toFixed(1)}× slower than with the whole model on the GPU (estimated from RAM being ${RAM_SLOWDOWN.low}–${RAM_SLOWDOWN.high}× slower than VRAM; not measured here).`,
    fixTitle: lowerContext !== null ? `Lower the context to ${num(lowerContext)} tokens so more of the model fits the GPU` : 'Use a smaller quantization of the model (or free GPU memory)',
    change: lowerContext !== null ? { contextSize: lowerContext, ...keepSlots(facts) } : { action: 'Use a smaller quantization of the model, or close what else uses the GPU.' },
  };
};

const contextAboveVerified: Writer = (facts, ctx) => {
  const verified = ctx.verified!;
  return {
    message: `Each request may use ${num(facts.settings.perSlotContext!)} tokens, more than the ${num(verified.maxContextSize)} that probe ${verified.probeId} verified for this model on this machine: a long prompt may run out of memory.`,
    fixTitle: `Stay within the verified ${num(verified.maxContextSize)} tokens (or probe a larger context)`,
    change: { contextSize: verified.maxContextSize, ...keepSlots(facts) },
  };
};

const cachePressure: Writer = (facts) => {
  const m = facts.metrics!;
  const preempted = m.preemptions !== null && m.preemptions > 0;
  return {
    message: `${preempted ? `vLLM preempted requests ${num(m.preemptions!)} times for lack of KV cache` : "vLLM's KV cache is nearly full"}${m.kvCacheUsage !== null ? ` (cache usage ${pct(m.kvCacheUsage)})` : ''}: preempted requests are recomputed, which stalls every request in the batch.`,
    fixTitle: 'Give vLLM more cache memory, or fewer sequences at once',
    change: { action: '--gpu-memory-utilization 0.95 (or a lower --max-num-seqs)' },
  };
};

const kvCacheDefaults: Writer = (facts) => {
  const { flashAttention, contextSize, slots } = facts.settings;
  const geometry = facts.geometry!;
  const seqs = slots ?? 1;
  const now = kvCacheBytes(geometry, contextSize!, 'f16', seqs, flashAttention === true);
  const q8 = q8CacheFits(geometry);
  const after = q8 ? kvCacheBytes(geometry, contextSize!, 'q8_0', seqs, true) : kvCacheBytes(geometry, contextSize!, 'f16', seqs, true);
  const fa = flashAttention === 'auto' ? 'left to auto' : 'off';
  return {
    message: q8
      ? `The K/V cache is f16 with flash attention ${fa}: ${bytesText(now)} for ${num(contextSize!)} tokens. A q8_0 cache with flash attention on needs about ${bytesText(after)}, room for a longer context or more GPU layers.`
      : `Flash attention is ${fa} and the K/V cache is f16 (${bytesText(now)} for ${num(contextSize!)} tokens). This model's head size (${geometry.keyLength}) is not a multiple of 32, so a q8_0 cache cannot be used; turning flash attention on is the only cache saving.`,
    fixTitle: q8 ? 'Turn flash attention on and quantize the K/V cache to q8_0' : 'Turn flash attention on',
    change: q8 ? { flashAttention: true, typeK: 'q8_0', typeV: 'q8_0' } : { flashAttention: true },
    evidence: [
      { source: 'memory model', field: 'KV cache bytes now', value: now },
      { source: 'memory model', field: 'KV cache bytes after the fix', value: after },
    ],
  };
};

const vllmCacheDtype: Writer = () => ({
  message: 'vLLM keeps its KV cache in the model\'s dtype (cache_dtype "auto"). An fp8 cache holds about twice the tokens in the same memory (check the model\'s quality with it).',
  fixTitle: 'Store the KV cache in fp8',
  change: { typeK: 'q8_0', typeV: 'q8_0' },
});

/** Every writer an entry's audit rule can name. */
export const FINDING_WRITERS: Record<(typeof AUDIT_WRITERS)[number], Writer> = {
  perSlotDivision,
  contextBelowPrompts,
  slotNearlyFull,
  smallDefaultContext,
  cpuSpill,
  contextAboveVerified,
  cachePressure,
  kvCacheDefaults,
  vllmCacheDtype,
};
