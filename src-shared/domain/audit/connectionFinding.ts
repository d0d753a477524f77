import type { AuditRuntime, EndpointRead, RuntimeAudit } from '../../contract/audit.js';
import { EMPTY_SETTINGS } from './LiveFacts.js';
import { RUNTIME_LABELS } from './runtimeLabels.js';

/** Why nothing usable answered. */
export type ConnectionFailure = 'refused' | 'timeout' | 'not_runtime' | 'malformed' | 'network' | 'bad_url';

const START: Record<AuditRuntime, string> = {
  ollama: 'ollama serve',
  'llama-server': 'llama-server -m MODEL.gguf --port 8080',
  lmstudio: 'lms server start',
  vllm: 'vllm serve MODEL --port 8000',
};

/**
 * The audit of a URL where no runtime (or not the expected one) answered: one error finding that
 * says what happened, with the request as evidence and what to do as the fix. While `scanning` the
 * default ports, a runtime that is not running is only `info`: most people run one or two.
 */
export function connectionAudit(url: string, expected: AuditRuntime | null, failure: ConnectionFailure, detail: string, endpoints: EndpointRead[], timeoutMs: number, scanning = false): RuntimeAudit {
  const what = expected ? RUNTIME_LABELS[expected] : 'a runtime';
  const messages: Record<ConnectionFailure, string> = {
    refused: `Nothing answers at ${url}: the connection was refused, so ${what} is not running there (or listens on another port).`,
    timeout: `Nothing answers at ${url} within ${timeoutMs} ms: the port accepted the connection but no reply came (a busy or stuck server, or not an HTTP server).`,
    not_runtime: `Something answers at ${url}, but it is not ${expected ? `${RUNTIME_LABELS[expected]}'s API` : 'Ollama, llama-server, LM Studio or vLLM'} (${detail}).`,
    malformed: `${what} at ${url} answered with a reply that is not what its API documents (${detail}).`,
    network: `Nothing answers at ${url}: ${detail}.`,
    bad_url: `${url} cannot be reached: ${detail}.`,
  };
  const fix = failure === 'refused' || failure === 'network' || failure === 'timeout'
    ? { title: expected ? `Start ${RUNTIME_LABELS[expected]}, or give the URL it listens on` : 'Start the runtime, or give the URL it listens on', action: `${expected ? START[expected] : 'start the runtime'}; or: headroom audit ${expected ? `--runtime ${expected} ` : ''}--url http://127.0.0.1:PORT` }
    : { title: 'Point the audit at the runtime\'s own port', action: `headroom audit ${expected ? `--runtime ${expected} ` : ''}--url http://127.0.0.1:PORT (Ollama 11434, llama-server 8080, LM Studio 1234, vLLM 8000)` };
  return {
    kind: null,
    url,
    reachable: failure === 'not_runtime' || failure === 'malformed',
    version: null,
    settings: EMPTY_SETTINGS,
    models: [],
    findings: [
      {
        id: failure === 'refused' || failure === 'network' || failure === 'timeout' ? 'unreachable' : failure === 'malformed' ? 'malformed_response' : 'not_a_runtime',
        severity: scanning && failure === 'refused' ? 'info' : 'error',
        message: messages[failure],
        evidence: [{ source: endpoints[0] ? `GET ${endpoints[0].path}` : 'connection', field: 'outcome', value: endpoints[0] ? `${endpoints[0].outcome} after ${Math.round(endpoints[0].ms)} ms` : detail }],
        fix: { runtime: expected, title: fix.title, line: fix.action, change: { action: fix.action }, command: null },
        knowledgeEntry: null,
      },
    ],
    endpoints,
    settingSources: {},
  };
}
