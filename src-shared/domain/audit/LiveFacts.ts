import type { AuditRuntime, EndpointRead, LiveModel, LiveSettings } from '../../contract/audit.js';
import type { SettingsChange } from '../../contract/settings.js';
import type { ModelGeometry } from '../models/ModelGeometry.js';

/** One server slot as llama-server's /slots shows it. */
export interface SlotUse {
  id: number;
  contextSize: number;
  /** Tokens the slot held after its last request (llama-server's n_prompt_tokens: prompt and reply), or null before its first request. */
  promptTokens: number | null;
  processing: boolean;
}

/** What a connector read from one running runtime, before any judgement. */
export interface LiveFacts {
  kind: AuditRuntime;
  url: string;
  version: string | null;
  settings: LiveSettings;
  /** Where each non-null setting came from (`GET /props`, `process command line`…). */
  settingSources: Record<string, string>;
  models: LiveModel[];
  slots: SlotUse[] | null;
  /** vLLM's (or llama-server's) Prometheus gauges, where exposed. */
  metrics: { kvCacheUsage: number | null; preemptions: number | null; cacheDtype: string | null } | null;
  /** The loaded model's shape, for KV cache sizes (from the GGUF file or Ollama's model_info). */
  geometry: ModelGeometry | null;
  /** The model's context as its Modelfile / load config sets it (Ollama `num_ctx`), where it differs in kind from the running one. */
  configuredContext: number | null;
  /** The server's own command line (llama-server on this machine), for a corrected one. */
  commandLine: string[] | null;
  /** A log the server writes (`--log-file`), if its command line names one. */
  logFile: string | null;
  /** The last `offloaded X/Y layers to GPU` line of that log: what the load really put on the GPU. */
  logOffload: { onGpu: number; total: number; line: string } | null;
  endpoints: EndpointRead[];
  /** The devices a local llama-server's own binary lists (`--list-devices`), where the audit asked it; [] when it sees none. */
  serverDevices?: { id: string; description: string; totalMiB: number }[];
  /** What the first model can do, as the runtime lists it (Ollama /api/show `capabilities`: completion, vision, tools…); absent when it does not say. */
  capabilities?: string[];
  /** The knowledge base's best match on the server's log since its last start, or null (no log, or nothing matched). */
  logMatch?: LogMatch | null;
}

/** A knowledge-base match on a runtime's own log, as the audit reports it. */
export interface LogMatch {
  path: string;
  /** The line of the file the last start begins at; evidence lines count from it. */
  startLine: number;
  entryId: string;
  title: string;
  category: string;
  evidence: { line: number; text: string }[];
  fixTitle: string | null;
  change: SettingsChange;
}

export const EMPTY_SETTINGS: LiveSettings = {
  contextSize: null,
  slots: null,
  perSlotContext: null,
  gpuLayers: null,
  flashAttention: null,
  typeK: null,
  typeV: null,
};
