import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Result } from '../../src-shared/contract/envelope.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import { dispatch } from '../ipc/dispatch.js';
import type { EventBus } from '../ipc/EventBus.js';
import type { Handlers } from '../ipc/Handlers.js';
import { serveStatic } from './serveStatic.js';
import { CSP, TOKEN_COOKIE, isAllowedOrigin, presentedToken, tokenMatches } from './webSecurity.js';

/** Options of {@link startWebServer}. */
export interface WebServerOptions {
  handlers: Handlers;
  events: EventBus;
  /** The renderer build to serve. */
  staticDir: string;
  /** Defaults to 0 (a free port). */
  port?: number;
  /** Defaults to a random 32-byte token. */
  token?: string;
  /** Largest request body accepted. Defaults to 64 MiB (a pasted log can be large). */
  maxBodyBytes?: number;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/**
 * The web bridge: the renderer build and the same handlers as the Electron IPC, on loopback only,
 * behind a random token. Events stream as Server-Sent Events.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const maxBody = options.maxBodyBytes ?? 64 * 1024 ** 2;
  let port = 0;

  const server = createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal_error', message: String(error), hint: 'Retry; report it if it persists.' } });
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!isAllowedOrigin(req, port)) return sendError(res, 403, 'forbidden', 'Forbidden: foreign Host or Origin.', 'Open Headroom at http://127.0.0.1 or http://localhost with the port `headroom serve` printed.');
    if (!tokenMatches(presentedToken(req, url), token)) return sendError(res, 401, 'unauthorized', 'Unauthorized: no valid access token.', 'Open the URL printed by `headroom serve` (it carries the token).');
    const pathname = decodePath(url.pathname);
    if (pathname === null) return sendError(res, 400, 'invalid_path', 'The URL path has invalid percent-encoding.', 'Percent-encode the path as UTF-8 (e.g. %20 for a space).');

    if (pathname === '/api/events' && req.method === 'GET') return streamEvents(res, options.events);
    if (pathname.startsWith('/api/')) return callChannel(req, res, pathname.slice('/api/'.length));
    if (req.method !== 'GET') return sendError(res, 405, 'method_not_allowed', `${req.method ?? 'This method'} is not allowed here.`, 'Pages are fetched with GET; channels are called with POST /api/<channel>.');
    serveStatic(options.staticDir, pathname, res, {
      ...SECURITY_HEADERS,
      'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      'Cache-Control': 'no-cache',
    });
  }

  async function callChannel(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'Channels are called with POST.', 'Use POST /api/<channel> with a JSON body.');
    const body = await readBody(req, maxBody);
    if (body.ok === false) return sendJson(res, body.status, { ok: false, error: body.error });
    // A caller that hangs up abandons its call: handlers that start work (a worker) can stop it.
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const result = await dispatch(options.handlers, channel, body.value, { signal: gone.signal });
    if (!res.destroyed) sendJson(res, statusOf(result), result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options.port ?? 0)));
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that is taken or not ours to bind is the user's to change, not a bug. */
function listenError(error: NodeJS.ErrnoException, port: number): Error {
  if (error.code === 'EADDRINUSE') return new HeadroomError(`Port ${port} on 127.0.0.1 is already in use.`, { code: 'port_in_use', hint: 'Pass another --port, or leave --port out to get a free one.', cause: error });
  if (error.code === 'EACCES') return new HeadroomError(`Not allowed to listen on port ${port}.`, { code: 'port_denied', hint: 'Ports below 1024 need root: pass --port 1024 or above, or leave --port out.', cause: error });
  return error;
}

function statusOf(result: Result<unknown>): number {
  if (result.ok) return 200;
  if (result.error.code === 'invalid_input') return 400;
  if (result.error.code === 'unknown_channel') return 404;
  if (result.error.code === 'internal_error') return 500;
  return 422;
}

function streamEvents(res: ServerResponse, events: EventBus): void {
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  res.write(': connected\n\n');
  const unsubscribe = events.onAny((event, payload) => res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`));
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  res.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}

type Body = { ok: true; value: unknown } | { ok: false; status: number; error: { code: string; message: string; hint: string } };

async function readBody(req: IncomingMessage, max: number): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return { ok: false, status: 413, error: { code: 'body_too_large', message: `Request body over ${max} bytes.`, hint: 'Send a smaller input (trim the log to the failing run).' } };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, error: { code: 'invalid_input', message: 'The request body is not valid JSON.', hint: 'Send a JSON object as the body.' } };
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(value));
}

/** Every refusal is the same envelope as a handler's error, whatever refused it. */
function sendError(res: ServerResponse, status: number, code: string, message: string, hint: string): void {
  sendJson(res, status, { ok: false, error: { code, message, hint } });
}

function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}
