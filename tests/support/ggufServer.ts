import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the server saw, with the body bytes it sent. */
export interface ServedRequest {
  method: string;
  url: string;
  range: string | null;
  authorization: string | null;
  status: number;
  sentBytes: number;
}

/** What the test server does for a path. */
export type Route =
  | { file: string; ignoreRange?: boolean; requireToken?: string; truncateAt?: number; contentType?: string }
  | { json: unknown; requireToken?: string }
  | { redirect: string }
  | { status: number }
  | { hang: true };

export interface GgufServer {
  origin: string;
  requests: ServedRequest[];
  /** Body bytes sent for requests whose URL contains `part`. */
  sentFor(part: string): number;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1, in the test process, that serves files as Hugging Face and most
 * static servers do (Range → 206 with Content-Range; past the end → 416), or misbehaves on purpose:
 * ignores Range, wants a token, cuts a file short, hangs. Every request and the bytes sent are recorded.
 */
export async function startGgufServer(routes: Record<string, Route>): Promise<GgufServer> {
  const requests: ServedRequest[] = [];
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const record: ServedRequest = { method: req.method ?? '', url: path, range: req.headers.range ?? null, authorization: req.headers.authorization ?? null, status: 0, sentBytes: 0 };
    requests.push(record);
    const send = (status: number, headers: Record<string, string | number>, body?: Buffer | FileSlice) => {
      record.status = status;
      res.writeHead(status, headers);
      if (!body) return void res.end();
      // Count what really left: a client that drops the connection stops the count.
      const stream = Buffer.isBuffer(body) ? null : createReadStream(body.file, { start: 0, end: body.length - 1, highWaterMark: 64 * 1024 });
      if (stream) {
        stream.on('data', (chunk) => (record.sentBytes += chunk.length));
        res.on('close', () => stream.destroy());
        stream.pipe(res);
        return;
      }
      const buffer = body as Buffer;
      const chunk = 64 * 1024;
      let at = 0;
      const pump = () => {
        while (at < buffer.length) {
          const piece = buffer.subarray(at, at + chunk);
          at += piece.length;
          record.sentBytes += piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (at = buffer.length));
      pump();
    };
    serve(routes[path], req, send);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    sentFor: (part) => requests.filter((r) => r.url.includes(part)).reduce((s, r) => s + r.sentBytes, 0),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A whole file, streamed from disk (models may be larger than a Buffer can hold). */
interface FileSlice {
  file: string;
  length: number;
}

function serve(route: Route | undefined, req: IncomingMessage, send: (s: number, h: Record<string, string | number>, b?: Buffer | FileSlice) => void) {
  if (!route) return send(404, { 'content-type': 'text/plain' }, Buffer.from('Entry not found'));
  if ('hang' in route) return;
  if ('status' in route) return send(route.status, { 'content-type': 'text/plain' }, Buffer.from(`status ${route.status}`));
  if ('redirect' in route) return send(302, { location: route.redirect });
  if (route.requireToken && req.headers.authorization !== `Bearer ${route.requireToken}`) return send(401, { 'content-type': 'text/plain' }, Buffer.from('Unauthorized'));
  if ('json' in route) return send(200, { 'content-type': 'application/json' }, Buffer.from(JSON.stringify(route.json)));
  const size = Math.min(statSync(route.file).size, route.truncateAt ?? Infinity);
  const type = route.contentType ?? 'application/octet-stream';
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  if (!range || route.ignoreRange) return send(200, { 'content-type': type, 'content-length': size }, { file: route.file, length: size });
  const start = Number(range[1]);
  const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
  if (start >= size) return send(416, { 'content-range': `bytes */${size}` });
  return send(206, { 'content-type': type, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 }, readSlice(route.file, start, end - start + 1));
}

function readSlice(file: string, start: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, start);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** A plain forward proxy for http:// targets (absolute-URI requests), recording what passed through it. */
export async function startHttpProxy(): Promise<{ origin: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const target = new URL(req.url ?? '');
    const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
