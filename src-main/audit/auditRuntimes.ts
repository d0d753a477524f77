import { AuditRuntimeSchema, DEFAULT_RUNTIME_URLS, type AuditReport, type AuditRuntime, type RuntimeAudit } from '../../src-shared/contract/audit.js';
import type { AuditContext } from '../../src-shared/domain/audit/AuditContext.js';
import { AuditResponseError } from '../../src-shared/domain/audit/AuditResponseError.js';
import { auditRuntime } from '../../src-shared/domain/audit/auditFindings.js';
import { connectionAudit, type ConnectionFailure } from '../../src-shared/domain/audit/connectionFinding.js';
import { NotThisRuntime, type Connector } from './connectors/Connector.js';
import { readLlamaServer } from './connectors/readLlamaServer.js';
import { readLmStudio } from './connectors/readLmStudio.js';
import { readOllama } from './connectors/readOllama.js';
import { readVllm } from './connectors/readVllm.js';
import { detectGpu } from './detectGpu.js';
import { findVerifiedProbe } from './findVerifiedProbe.js';
import { knowledgeBase } from '../knowledge/loadKnowledgeBase.js';
import { runtimeLogMatch } from './runtimeLogMatch.js';
import { Requester, RequestProblem } from './Requester.js';

const CONNECTORS: Record<AuditRuntime, Connector> = { ollama: readOllama, 'llama-server': readLlamaServer, lmstudio: readLmStudio, vllm: readVllm };

/** Options of {@link auditRuntimes} (the parsed `audit:run` input). */
export interface AuditOptions {
  runtime?: AuditRuntime;
  url?: string;
  promptTokens?: number;
  timeoutMs: number;
  /** The data folder, for probes of the same model. */
  dataDir: string;
  /** Whether this machine has a GPU a runtime could use; null when unknown. Defaults to null. */
  hasGpu?: boolean | null;
}

/**
 * Audits the runtime asked for, or every runtime at its default URL, or whichever answers at a
 * given URL. Never throws for what a server does: a refusal, a time-out, another program or a
 * broken reply is a finding. Each runtime costs at most `timeoutMs`; they are read in parallel.
 */
export async function auditRuntimes(options: AuditOptions): Promise<AuditReport> {
  const targets: { url: string; kind: AuditRuntime | null }[] = options.url
    ? [{ url: options.url, kind: options.runtime ?? null }]
    : options.runtime
      ? [{ url: DEFAULT_RUNTIME_URLS[options.runtime], kind: options.runtime }]
      : AuditRuntimeSchema.options.map((kind) => ({ url: DEFAULT_RUNTIME_URLS[kind], kind }));
  const scanning = !options.url && !options.runtime;
  const runtimes = await Promise.all(targets.map(async (t) => (t.kind ? (await auditOne(t.url, t.kind, options, scanning)).audit : detectAndAudit(t.url, options))));
  return { runtimes, checkedAt: new Date().toISOString() };
}

interface Attempt {
  audit: RuntimeAudit;
  failure: { kind: ConnectionFailure; detail: string } | null;
}

async function auditOne(url: string, kind: AuditRuntime, options: AuditOptions, scanning = false): Promise<Attempt> {
  const req = new Requester(url, options.timeoutMs);
  try {
    const facts = { ...(await CONNECTORS[kind](req)), kind, url, endpoints: req.reads };
    if ((kind === 'ollama' || kind === 'lmstudio') && facts.logMatch === undefined) facts.logMatch = await runtimeLogMatch(kind, url);
    const ctx = context(options, facts.models[0]?.path ?? null);
    // -ngl without the server's log: whether layers left off the GPU are a spill depends on there being a GPU.
    const device = facts.serverDevices?.[0];
    if (facts.serverDevices && ctx.hasGpu === null) {
      // The server's own binary says which devices it can offload to: better than any guess from the OS.
      Object.assign(ctx, { hasGpu: device !== undefined, gpuSource: 'llama-server --list-devices', ...(device ? { gpuName: `${device.id}: ${device.description} (${device.totalMiB} MiB)` } : {}) });
    }
    if (kind === 'llama-server' && typeof facts.settings.gpuLayers === 'number' && !facts.logOffload && ctx.hasGpu === null) {
      const gpu = await detectGpu();
      if (gpu !== undefined) Object.assign(ctx, { hasGpu: gpu !== null, ...(gpu ? { gpuName: gpu.name } : {}) });
    }
    return { audit: auditRuntime(facts, ctx, knowledgeBase().entries), failure: null };
  } catch (error) {
    const failure = classifyFailure(error, req);
    return { audit: connectionAudit(url, kind, failure.kind, failure.detail, req.reads, options.timeoutMs, scanning), failure };
  }
}

/** Tries every connector at once and keeps the first, in a fixed order, that recognised its runtime. */
async function detectAndAudit(url: string, options: AuditOptions): Promise<RuntimeAudit> {
  const attempts = await Promise.all(AuditRuntimeSchema.options.map((kind) => auditOne(url, kind, options)));
  const found = attempts.find((a) => a.failure === null);
  if (found) return found.audit;
  // Nothing recognised: the clearest failure wins (refused or timed out beats "not this runtime").
  const order: ConnectionFailure[] = ['refused', 'timeout', 'network', 'bad_url', 'malformed', 'not_runtime'];
  const best = [...attempts].sort((a, b) => order.indexOf(a.failure!.kind) - order.indexOf(b.failure!.kind))[0]!;
  const detail = best.failure!.kind === 'not_runtime' || best.failure!.kind === 'malformed' ? attempts.map((a) => a.failure!.detail).join('; ') : best.failure!.detail;
  return connectionAudit(url, null, best.failure!.kind === 'malformed' ? 'not_runtime' : best.failure!.kind, detail, best.audit.endpoints, options.timeoutMs);
}

function classifyFailure(error: unknown, req: Requester): { kind: ConnectionFailure; detail: string } {
  if (error instanceof RequestProblem) {
    const detail = `${error.path}: ${error.detail}`;
    if (error.failure === 'refused' || error.failure === 'timeout' || error.failure === 'network') return { kind: error.failure, detail };
    // The first request decides whether this is the runtime at all; a later bad reply is a broken one.
    const first = req.reads.length <= 1;
    if (!first || (error.failure === 'not_json' && error.detail === 'malformed JSON')) return { kind: 'malformed', detail };
    return { kind: 'not_runtime', detail };
  }
  if (error instanceof NotThisRuntime) return { kind: 'not_runtime', detail: error.detail };
  if (error instanceof AuditResponseError) return { kind: 'malformed', detail: error.message };
  return { kind: 'network', detail: error instanceof Error ? error.message : String(error) };
}

function context(options: AuditOptions, modelPath: string | null): AuditContext {
  return { promptTokens: options.promptTokens ?? null, verified: findVerifiedProbe(options.dataDir, modelPath), hasGpu: options.hasGpu ?? null };
}
