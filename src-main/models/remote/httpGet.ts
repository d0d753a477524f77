import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { proxyFor } from './proxyFor.js';
import { RemoteModelError } from './RemoteModelError.js';

/** Options of {@link httpGet}. */
export interface HttpGetOptions {
  /** Bytes `[start, end]` (inclusive), sent as `Range`. Defaults to the whole resource (API calls only). */
  range?: [number, number];
  /** Sent only to `authOrigin` (a token never follows a redirect to another host, such as a CDN). */
  authorization?: string;
  /** Origin the authorization is for. */
  authOrigin?: string;
  /** Per request, connection to last byte. Defaults to 30 s. */
  timeoutMs?: number;
  /** Where proxies are read from. Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Counts every body byte received, across calls. */
  counter?: TransferCounter;
  /** Text for errors: the address the user gave. Defaults to the URL. */
  label?: string;
}

/** Bytes and requests a remote read cost. */
export interface TransferCounter {
  bytes: number;
  requests: number;
}

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The address that answered, after redirects. */
  url: string;
}

const MAX_REDIRECTS = 8;
/** API answers (file lists) are small; more than this is not an API answer. */
const MAX_UNRANGED_BODY = 16 * 2 ** 20;

/**
 * One GET over HTTP(S) with redirects, a proxy from the environment and a time-out. With a range it
 * insists on a ranged answer (206): a server that answers 200 would send the whole file, so the
 * connection is dropped at once and the error says so. Statuses that mean "not there" or "not allowed"
 * become {@link RemoteModelError}s with a hint; 416 (range past the end) is returned for the caller.
 */
export async function httpGet(url: string, options: HttpGetOptions = {}): Promise<HttpReply> {
  let current = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const reply = await requestOnce(current, options);
    const location = reply.headers.location;
    if (reply.status >= 300 && reply.status < 400 && location) {
      current = new URL(location, current);
      continue;
    }
    return checkStatus(reply, options);
  }
  throw new RemoteModelError('remote_http', options.label ?? url, `more than ${MAX_REDIRECTS} redirects.`, 'The server redirects in a loop; try the final download address directly.');
}

function checkStatus(reply: HttpReply, options: HttpGetOptions): HttpReply {
  const label = options.label ?? reply.url;
  const s = reply.status;
  if (options.range && s === 200 && /html/i.test(String(reply.headers['content-type'] ?? ''))) {
    throw new RemoteModelError('remote_not_gguf', label, 'the address is a web page, not a file.', 'On Hugging Face use the file\'s "resolve" address (…/resolve/main/FILE.gguf), not its "blob" page, or write hf:owner/repo/FILE.gguf.');
  }
  if (options.range && s === 200) {
    throw new RemoteModelError('remote_range_ignored', label, 'the server ignored the byte range and started sending the whole file (HTTP 200, not 206).', 'Headroom reads only the header and will not download the whole model. Use a server that supports Range requests (Hugging Face, S3, nginx and most static servers do), or download the file and give its path.');
  }
  if (s === 401 || s === 403) {
    const sent = options.authorization !== undefined;
    throw new RemoteModelError('remote_unauthorized', label, `the server refused access (HTTP ${s}).`, sent
      ? 'HF_TOKEN was sent and refused: check that the token has read access and that you accepted the model\'s terms on its page.'
      : 'The repository is gated or private: accept its terms on its Hugging Face page and set HF_TOKEN to a read token (huggingface.co/settings/tokens).');
  }
  if (s === 404 || s === 410) throw new RemoteModelError('remote_not_found', label, `not found (HTTP ${s}).`, 'Check the owner, repository, revision and file name (they are case-sensitive); `owner/repo:Q4_K_M` lists the repository to find the file.');
  if (s === 416 || s === 206 || (s === 200 && !options.range)) return reply;
  throw new RemoteModelError('remote_http', label, `the server answered HTTP ${s}.`, s >= 500 ? 'The server has a problem; try again later, or set HF_ENDPOINT to a mirror.' : 'Check the address.');
}

function requestOnce(url: URL, options: HttpGetOptions): Promise<HttpReply> {
  const label = options.label ?? url.href;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise<HttpReply>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    };
    const timer = setTimeout(() => {
      fail(new RemoteModelError('remote_timeout', label, `no complete answer within ${(timeoutMs / 1000).toFixed(0)} s.`, 'Check the network (and HTTPS_PROXY if you need a proxy), then try again.'));
      request?.destroy();
    }, timeoutMs);
    let request: http.ClientRequest | undefined;
    const onResponse = (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const keepBody = !(status >= 300 && status < 400) && !(options.range && status === 200) && status < 400;
      if (!keepBody) {
        // Nothing from this body is needed; for a 200 to a ranged request it would be the whole model.
        res.destroy();
        settled = true;
        clearTimeout(timer);
        resolve({ status, headers: res.headers, body: Buffer.alloc(0), url: url.href });
        return;
      }
      const limit = options.range ? options.range[1] - options.range[0] + 1 : MAX_UNRANGED_BODY;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (options.counter) options.counter.bytes += chunk.length;
        if (size > limit) {
          res.destroy();
          fail(new RemoteModelError('remote_http', label, `the server sent more than the ${limit} bytes asked for.`, 'The server does not honour byte ranges; download the file and give its path.'));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status, headers: res.headers, body: Buffer.concat(chunks), url: url.href });
      });
      res.on('error', fail);
    };
    if (options.counter) options.counter.requests++;
    openRequest(url, options, onResponse).then((r) => {
      request = r;
      if (settled) r.destroy();
      r.on('error', (error) => fail(unreachable(label, error)));
      r.end();
    }, (error: Error) => fail(unreachable(label, error)));
  });
}

function headersFor(url: URL, options: HttpGetOptions): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'headroom (+https://github.com/)', accept: '*/*' };
  if (options.range) headers.range = `bytes=${options.range[0]}-${options.range[1]}`;
  if (options.authorization && options.authOrigin === url.origin) headers.authorization = options.authorization;
  return headers;
}

/** A request to `url`, straight, through an HTTP proxy (absolute URI), or through a CONNECT tunnel (https). */
async function openRequest(url: URL, options: HttpGetOptions, onResponse: (res: IncomingMessage) => void): Promise<http.ClientRequest> {
  const headers = headersFor(url, options);
  const proxy = proxyFor(url, options.env ?? process.env);
  const secure = url.protocol === 'https:';
  if (!proxy) return (secure ? https : http).request(url, { headers, agent: false }, onResponse);
  const proxyAuth: Record<string, string> = proxy.username ? { 'proxy-authorization': `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}` } : {};
  if (!secure) {
    return http.request({ host: proxy.hostname, port: proxy.port || 80, path: url.href, headers: { ...headers, host: url.host, ...proxyAuth }, agent: false }, onResponse);
  }
  const socket = await tunnel(url, proxy, proxyAuth);
  return https.request(url, { headers, agent: false, createConnection: () => tls.connect({ socket, servername: url.hostname }) }, onResponse);
}

function tunnel(url: URL, proxy: URL, proxyAuth: Record<string, string>): Promise<Socket> {
  const target = `${url.hostname}:${url.port || 443}`;
  return new Promise((resolve, reject) => {
    const connect = http.request({ host: proxy.hostname, port: proxy.port || 80, method: 'CONNECT', path: target, headers: { host: target, ...proxyAuth }, agent: false });
    connect.on('connect', (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`the proxy ${proxy.host} refused the tunnel (HTTP ${res.statusCode})`));
      }
    });
    connect.on('error', reject);
    connect.end();
  });
}

function unreachable(label: string, error: Error): RemoteModelError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOTFOUND' ? 'the host name does not resolve' : code === 'ECONNREFUSED' ? 'the connection was refused' : error.message;
  return new RemoteModelError('remote_unreachable', label, `${why}.`, 'Check the address and the network; behind a proxy set HTTPS_PROXY (and NO_PROXY for local hosts). To use a mirror set HF_ENDPOINT.', error);
}
