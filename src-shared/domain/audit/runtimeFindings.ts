import type { LiveFacts } from './LiveFacts.js';
import type { FindingDraft } from './makeFinding.js';
import { RUNTIME_LABELS } from './runtimeLabels.js';

// The two findings that are not knowledge-base conditions over live facts: a runtime with nothing to
// audit yet, and the knowledge base's own diagnosis of the runtime's log (already its engine).

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
