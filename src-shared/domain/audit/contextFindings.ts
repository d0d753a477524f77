import type { AuditEvidence } from '../../contract/audit.js';
import type { AuditContext } from './AuditContext.js';
import type { LiveFacts } from './LiveFacts.js';
import { num, roundContext, type FindingDraft } from './makeFinding.js';

/** Knowledge-base entries that explain a request longer than the context, per runtime. */
const OVERFLOW_ENTRY = { ollama: 'ollama-truncating-input-prompt', 'llama-server': 'llama-server-request-exceeds-context', lmstudio: 'llama-server-request-exceeds-context', vllm: 'vllm-prompt-longer-than-max-model-len' } as const;

/** A slot whose last prompt filled this much of its context is at its limit. */
const NEAR_FULL = 0.9;

function contextEvidence(facts: LiveFacts): AuditEvidence {
  return { source: facts.settingSources.perSlotContext ?? 'the runtime', field: 'per-request context', value: facts.settings.perSlotContext };
}

/** llama-server divides `-c` among its `-np` slots: a request gets only its share. */
export function perSlotDivision(facts: LiveFacts, ctx: AuditContext): FindingDraft | null {
  const { slots, perSlotContext: perSlot, contextSize } = facts.settings;
  if (facts.kind !== 'llama-server' || slots === null || slots < 2 || perSlot === null || contextSize === null || contextSize === perSlot) return null;
  const wanted = ctx.promptTokens !== null && ctx.promptTokens > contextSize ? roundContext(ctx.promptTokens) : contextSize;
  return {
    id: 'per_slot_division',
    severity: ctx.promptTokens !== null && perSlot < ctx.promptTokens ? 'error' : 'warning',
    message: `llama-server divides its ${num(contextSize)}-token context among ${slots} slots, so each request gets ${num(perSlot)} tokens, not ${num(contextSize)}. A longer prompt is refused ("exceeds the available context size").`,
    evidence: [
      { source: facts.settingSources.slots ?? 'GET /props', field: 'total_slots', value: slots },
      contextEvidence(facts),
      { source: facts.settingSources.contextSize ?? 'GET /props', field: 'context pool (-c)', value: contextSize },
    ],
    fixTitle: `Serve one request at a time with the whole ${num(wanted)} tokens`,
    change: { contextSize: wanted, parallel: 1 },
    knowledgeEntry: 'llama-server-request-exceeds-context',
  };
}

/** The context is smaller than the prompts the user sends (they said so, or a slot's last prompt nearly filled it). */
export function contextBelowPrompts(facts: LiveFacts, ctx: AuditContext): FindingDraft | null {
  const perSlot = facts.settings.perSlotContext;
  if (perSlot === null) return null;
  const parallel = facts.kind === 'llama-server' && facts.settings.slots !== null && facts.settings.slots > 1 ? facts.settings.slots : undefined;
  if (ctx.promptTokens !== null && ctx.promptTokens > perSlot) {
    return {
      id: 'context_below_prompts',
      severity: 'error',
      message: `Your prompts need ${num(ctx.promptTokens)} tokens, but each request here gets ${num(perSlot)}. ${facts.kind === 'ollama' ? 'Ollama cuts the start of a longer prompt without an error.' : 'A longer request is refused or cut.'}`,
      evidence: [contextEvidence(facts), { source: 'you said', field: 'prompt tokens', value: ctx.promptTokens }],
      fixTitle: `Raise the context to ${num(roundContext(ctx.promptTokens))} tokens`,
      change: { contextSize: roundContext(ctx.promptTokens), ...(parallel ? { parallel } : {}) },
      knowledgeEntry: OVERFLOW_ENTRY[facts.kind],
    };
  }
  const full = (facts.slots ?? []).filter((s) => s.promptTokens !== null && s.promptTokens >= NEAR_FULL * s.contextSize);
  const fullest = full.sort((a, b) => b.promptTokens! - a.promptTokens!)[0];
  if (ctx.promptTokens !== null || !fullest) return null;
  return {
    id: 'context_below_prompts',
    severity: 'warning',
    message: `Slot ${fullest.id}'s last request filled ${num(fullest.promptTokens!)} of its ${num(fullest.contextSize)} tokens (prompt and reply): the requests sent here already reach the context, and a slightly longer one will be refused.`,
    evidence: [
      { source: 'GET /slots', field: `slot ${fullest.id} n_prompt_tokens`, value: fullest.promptTokens },
      { source: 'GET /slots', field: `slot ${fullest.id} n_ctx`, value: fullest.contextSize },
    ],
    fixTitle: `Give each request ${num(perSlot * 2)} tokens`,
    change: { contextSize: perSlot * 2, ...(parallel ? { parallel } : {}) },
    knowledgeEntry: OVERFLOW_ENTRY[facts.kind],
  };
}

/** A small context on a model trained for much more: the runtime's default, which silently cuts long prompts (ollama#14116). */
export function smallDefaultContext(facts: LiveFacts, ctx: AuditContext): FindingDraft | null {
  const model = facts.models[0];
  const perSlot = facts.settings.perSlotContext;
  if (facts.kind === 'llama-server' || ctx.promptTokens !== null || !model || perSlot === null || model.trainedContext === null) return null;
  if (perSlot > 8192 || model.trainedContext < 4 * perSlot) return null;
  const target = Math.min(model.trainedContext, Math.max(16384, perSlot * 2));
  const evidence: AuditEvidence[] = [contextEvidence(facts), { source: facts.kind === 'ollama' ? 'POST /api/show model_info' : 'model list max_context_length', field: 'trained context', value: model.trainedContext }];
  if (facts.configuredContext !== null) evidence.push({ source: 'POST /api/show parameters', field: 'num_ctx in the Modelfile', value: facts.configuredContext });
  return {
    id: 'context_small_default',
    severity: 'warning',
    message: `${model.name} runs with ${num(perSlot)} tokens of context, though it was trained for ${num(model.trainedContext)}. ${facts.kind === 'ollama' ? 'Ollama cuts longer prompts from the start without an error ("truncating input prompt" in its log).' : 'Longer conversations and documents will not fit.'} Raising it costs KV cache memory.`,
    evidence,
    fixTitle: `Raise the context to ${num(target)} tokens (if your prompts are longer than ${num(perSlot)})`,
    change: { contextSize: target },
    knowledgeEntry: facts.kind === 'ollama' ? 'ollama-truncating-input-prompt' : null,
  };
}

/** The runtime runs a context larger than any probe of this model verified on this machine. */
export function contextAboveVerified(facts: LiveFacts, ctx: AuditContext): FindingDraft | null {
  const perSlot = facts.settings.perSlotContext;
  if (!ctx.verified || perSlot === null || perSlot <= ctx.verified.maxContextSize) return null;
  return {
    id: 'context_above_verified',
    severity: 'warning',
    message: `Each request may use ${num(perSlot)} tokens, more than the ${num(ctx.verified.maxContextSize)} that probe ${ctx.verified.probeId} verified for this model on this machine: a long prompt may run out of memory.`,
    evidence: [contextEvidence(facts), { source: `probe ${ctx.verified.probeId}`, field: 'largest verified context', value: ctx.verified.maxContextSize }],
    fixTitle: `Stay within the verified ${num(ctx.verified.maxContextSize)} tokens (or probe a larger context)`,
    change: { contextSize: ctx.verified.maxContextSize, ...(facts.settings.slots && facts.settings.slots > 1 && facts.kind === 'llama-server' ? { parallel: facts.settings.slots } : {}) },
    knowledgeEntry: null,
  };
}

/** A failure the runtime's own log shows since its last start, as the knowledge base explains it. */
export function logFailure(facts: LiveFacts): FindingDraft | null {
  const m = facts.logMatch;
  if (!m) return null;
  const keepSlots = m.change.contextSize !== undefined && m.change.parallel === undefined && facts.settings.slots !== null && facts.settings.slots > 1;
  return {
    id: 'log_failure',
    severity: m.category.startsWith('slow') ? 'warning' : 'error',
    message: `The server's log shows a failure since its last start: ${m.title}.`,
    evidence: m.evidence.slice(0, 3).map((e) => ({ source: `log ${m.path}`, field: `line ${e.line} since the last start`, value: e.text.trim() })),
    fixTitle: m.fixTitle ?? 'See the knowledge-base entry',
    change: keepSlots ? { ...m.change, parallel: facts.settings.slots! } : m.change,
    knowledgeEntry: m.entryId,
  };
}
