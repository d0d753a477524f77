import { gguf, type GGUFParseOutput } from '@huggingface/gguf';
import { geometryFromMetadata } from '../../../src-shared/domain/models/geometryFromMetadata.js';
import type { GgufSummary } from '../../../src-shared/domain/models/GgufSummary.js';
import { parseRemoteRef } from '../../../src-shared/domain/whatif/parseRemoteRef.js';
import { isHeadroomError } from '../../../src-shared/errors/HeadroomError.js';
import { plain } from '../gguf/metadataJson.js';
import { ggufSummaryFields } from '../gguf/ggufSummaryFields.js';
import { checkGgufExtent } from '../gguf/checkGgufExtent.js';
import { headerCacheFile, readCachedHeader, writeCachedHeader } from './headerCache.js';
import { hubAccess, resolveRemoteUrls, type HubAccess } from './resolveRemoteUrls.js';
import { httpGet, type TransferCounter } from './httpGet.js';
import { RemoteModelError } from './RemoteModelError.js';

/** Options of {@link readRemoteSummary}. */
export interface RemoteReadOptions {
  /** The data folder; headers are cached in `remote-headers/`. */
  dataDir: string;
  /** HF_TOKEN, HF_ENDPOINT, proxies and HEADROOM_REMOTE_TIMEOUT_MS. Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Read again even when cached. Defaults to false. */
  refresh?: boolean;
}

const FORMS = 'hf:owner/repo/file.gguf, owner/repo:Q4_K_M, or an https:// address of a .gguf file';

/**
 * A remote GGUF's summary from its header alone: HTTP range requests of 2 MB (what `@huggingface/gguf`
 * asks for) until the header and tensor infos are read, every part of a split model summed. The result
 * is cached in the data folder; nothing is cached when any part fails.
 */
export async function readRemoteSummary(refText: string, options: RemoteReadOptions): Promise<GgufSummary> {
  const env = options.env ?? process.env;
  const ref = parseRemoteRef(refText);
  if (!ref) throw new RemoteModelError('invalid_remote_ref', refText, 'this is not a model reference Headroom understands.', `Use ${FORMS}.`);
  const hub = hubAccess(env);
  const cacheFile = headerCacheFile(options.dataDir, `${hub.endpoint}\n${JSON.stringify(ref)}`);
  const cached = options.refresh ? null : await readCachedHeader(cacheFile);
  if (cached?.remote) return { ...cached, remote: { ...cached.remote, transferredBytes: 0, requests: 0, cached: true } };
  const counter: TransferCounter = { bytes: 0, requests: 0 };
  const http = { env, counter, timeoutMs: Number(env.HEADROOM_REMOTE_TIMEOUT_MS) || 30_000, label: refText, hub };
  const urls = await resolveRemoteUrls(ref, refText, http);
  const parts = await Promise.all(urls.map((url) => readPart(url, refText, http)));
  const summary = summarize(refText, urls, parts, counter);
  await writeCachedHeader(cacheFile, summary);
  return summary;
}

interface RemotePart {
  url: string;
  parsed: GGUFParseOutput;
  size: number;
}

async function readPart(url: string, label: string, http: { env: NodeJS.ProcessEnv; counter: TransferCounter; timeoutMs: number; hub: HubAccess }): Promise<RemotePart> {
  const state = { size: null as number | null };
  const authOrigin = new URL(http.hub.endpoint).origin;
  const rangeFetch = async (_uri: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const [start, end] = parseRange(init?.headers);
    if (state.size !== null && start >= state.size) throw truncated(label, url, state.size);
    const reply = await httpGet(url, { ...http, range: [start, end], label: url, authorization: http.hub.authorization, authOrigin });
    if (reply.status === 416) throw truncated(label, url, state.size);
    const total = /\/\s*(\d+)\s*$/.exec(String(reply.headers['content-range'] ?? ''))?.[1];
    if (total !== undefined) state.size = Number(total);
    return new Response(new Uint8Array(reply.body), { status: 206, headers: { 'content-range': String(reply.headers['content-range'] ?? '') } });
  };
  let parsed: GGUFParseOutput;
  try {
    parsed = await gguf(url, { fetch: rangeFetch as typeof fetch });
  } catch (error) {
    if (isHeadroomError(error)) throw error;
    throw parseFailure(url, error);
  }
  if (state.size === null) throw new RemoteModelError('remote_http', url, 'the server did not say how large the file is (no total in Content-Range).', 'Headroom needs the file size to check the tensor data; use a server that reports it (Hugging Face does).');
  // The parser pads a short last range with zeros, so a header cut by the end of the file parses as garbage; its end gives it away.
  if (Number(parsed.tensorDataOffset) > state.size) throw truncated(label, url, state.size);
  return { url, parsed, size: state.size };
}

function summarize(ref: string, urls: string[], parts: RemotePart[], counter: TransferCounter): GgufSummary {
  const tensors = parts.flatMap((p) => checkGgufExtent(p.url, p.parsed, p.size));
  const metadata = parts[0]!.parsed.metadata as unknown as Record<string, unknown>;
  let geometry;
  try {
    geometry = geometryFromMetadata(plain(metadata));
  } catch (error) {
    throw new RemoteModelError('remote_not_gguf', ref, `its header lacks what llama.cpp needs (${isHeadroomError(error) ? error.message : String(error)}).`, 'It may be a GGUF for another tool (a CLIP projector or a LoRA), not a model; pick the model file.', error);
  }
  return {
    path: ref,
    sizeBytes: parts.reduce((s, p) => s + p.size, 0),
    parts: urls,
    ...ggufSummaryFields(metadata, geometry, tensors),
    remote: { ref, urls, transferredBytes: counter.bytes, requests: counter.requests, cached: false, fetchedAt: new Date().toISOString() },
  };
}

function parseRange(headers: RequestInit['headers']): [number, number] {
  const value = new Headers(headers).get('range') ?? '';
  const m = /bytes=(\d+)-(\d+)/.exec(value);
  if (!m) throw new Error(`unexpected range request "${value}"`);
  return [Number(m[1]), Number(m[2])];
}

function truncated(label: string, url: string, size: number | null): RemoteModelError {
  return new RemoteModelError('remote_truncated', label, `the header of ${url} runs past the end of the file${size === null ? '' : ` (${size} bytes)`}: the file is truncated.`, 'The upload is incomplete or damaged; pick another file or tell the repository\'s owner.');
}

function parseFailure(url: string, error: unknown): RemoteModelError {
  const message = error instanceof Error ? error.message : String(error);
  if (/magic/i.test(message)) return new RemoteModelError('remote_not_gguf', url, 'it does not start with the GGUF magic bytes (not a GGUF file).', 'Give the address of a .gguf file (on Hugging Face: the "resolve" link, not the "blob" page).', error);
  if (error instanceof RangeError || /offset|bounds|beyond|maximum chunk/i.test(message)) return new RemoteModelError('remote_truncated', url, 'the header ends before it is complete (truncated file).', 'The upload is incomplete or damaged; pick another file.', error);
  return new RemoteModelError('remote_not_gguf', url, `its header is invalid (${message}).`, 'Check that the address is a GGUF model file.', error);
}
