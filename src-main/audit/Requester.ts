import type { EndpointRead } from '../../src-shared/contract/audit.js';

/** Why a request gave nothing usable. */
export type RequestFailure = 'refused' | 'timeout' | 'network' | 'http' | 'not_json' | 'too_large';

/** A request that failed, with what to tell the user. */
export class RequestProblem extends Error {
  override name = 'RequestProblem';
  constructor(
    readonly failure: RequestFailure,
    readonly path: string,
    readonly detail: string,
    readonly status: number | null = null,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** Replies larger than this are not a runtime's status answer. */
const MAX_REPLY_BYTES = 8 * 1024 * 1024;

/**
 * GETs and POSTs against one runtime's base URL, all under one deadline (so a slow server costs
 * the audit at most the time-out, however many requests it makes), each recorded for the report.
 */
export class Requester {
  readonly reads: EndpointRead[] = [];
  readonly #signal: AbortSignal;

  constructor(
    readonly base: string,
    readonly timeoutMs: number,
  ) {
    this.#signal = AbortSignal.timeout(timeoutMs);
  }

  /** The reply parsed as JSON; a {@link RequestProblem} otherwise. */
  async json(path: string, body?: unknown): Promise<unknown> {
    const { text, contentType } = await this.#request(path, body);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      const kind = contentType.includes('json') ? 'malformed JSON' : `not JSON (${contentType || 'no content type'}: "${text.slice(0, 60).replace(/\s+/g, ' ')}")`;
      this.#outcome(path, 'not_json');
      throw new RequestProblem('not_json', path, kind);
    }
  }

  /** The reply as text (Prometheus metrics). */
  async text(path: string): Promise<string> {
    return (await this.#request(path)).text;
  }

  /** `json`, or null when the endpoint is absent or refuses (a feature left off), keeping time-outs and refusals fatal. */
  async optionalJson(path: string, body?: unknown): Promise<unknown | null> {
    try {
      return await this.json(path, body);
    } catch (error) {
      if (error instanceof RequestProblem && (error.failure === 'http' || error.failure === 'not_json')) return null;
      throw error;
    }
  }

  async optionalText(path: string): Promise<string | null> {
    try {
      return await this.text(path);
    } catch (error) {
      if (error instanceof RequestProblem && error.failure === 'http') return null;
      throw error;
    }
  }

  async #request(path: string, body?: unknown): Promise<{ text: string; contentType: string }> {
    const started = performance.now();
    const read: EndpointRead = { path, outcome: 'pending', ms: 0 };
    this.reads.push(read);
    const finish = (outcome: string) => Object.assign(read, { outcome, ms: Math.round(performance.now() - started) });
    let response: Response;
    try {
      response = await fetch(new URL(path, this.base), {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: this.#signal,
        redirect: 'manual',
      });
    } catch (error) {
      const problem = classify(path, error, this.timeoutMs);
      finish(problem.failure);
      throw problem;
    }
    try {
      const text = await readCapped(response);
      finish(response.ok ? 'ok' : `http_${response.status}`);
      if (!response.ok) throw new RequestProblem('http', path, `HTTP ${response.status}`, response.status);
      return { text, contentType: response.headers.get('content-type') ?? '' };
    } catch (error) {
      if (error instanceof RequestProblem) throw error;
      const problem = classify(path, error, this.timeoutMs);
      finish(problem.failure);
      throw problem;
    }
  }

  #outcome(path: string, outcome: string): void {
    const read = this.reads.findLast((r) => r.path === path);
    if (read) read.outcome = outcome;
  }
}

async function readCapped(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_REPLY_BYTES) throw new RequestProblem('too_large', new URL(response.url).pathname, `a ${declared}-byte reply`);
  const buffer = await response.arrayBuffer();
  if (buffer.byteLength > MAX_REPLY_BYTES) throw new RequestProblem('too_large', new URL(response.url).pathname, `a ${buffer.byteLength}-byte reply`);
  return new TextDecoder().decode(buffer);
}

function classify(path: string, error: unknown, timeoutMs: number): RequestProblem {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return new RequestProblem('timeout', path, `no reply within ${timeoutMs} ms`);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return new RequestProblem('refused', path, 'connection refused');
  if (cause?.code === 'UND_ERR_HEADERS_TIMEOUT' || cause?.code === 'UND_ERR_BODY_TIMEOUT') return new RequestProblem('timeout', path, `no reply within ${timeoutMs} ms`);
  return new RequestProblem('network', path, cause?.code ? `${cause.code}${cause.message ? ` (${cause.message})` : ''}` : String((error as Error).message ?? error));
}
