import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './paths';

/** What the server answers to one `METHOD /path`. */
export interface Route {
  /** A recorded response under tests/fixtures/runtimes (e.g. `ollama/ps-docs-gemma3.json`). */
  fixture?: string;
  /** A literal body instead (for broken replies). */
  body?: string;
  status?: number;
  contentType?: string;
  /** Never answer (a stuck server). */
  hang?: boolean;
}

export interface RecordedServer {
  url: string;
  port: number;
  /** Requests seen, as `METHOD /path`. */
  seen: string[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that replays recorded runtime responses; anything else is a 404. */
export async function startRecordedServer(routes: Record<string, Route>): Promise<RecordedServer> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const key = `${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`;
    seen.push(key);
    req.resume();
    const route = routes[key];
    if (route?.hang) return;
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found');
      return;
    }
    const body = route.fixture ? readFileSync(join(ROOT, 'tests', 'fixtures', 'runtimes', route.fixture), 'utf8') : (route.body ?? '');
    const type = route.contentType ?? (route.fixture?.endsWith('.txt') ? 'text/plain; version=0.0.4' : 'application/json; charset=utf-8');
    res.writeHead(route.status ?? 200, { 'Content-Type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The routes of a recorded Ollama: docs.ollama.com's ps, show and version examples. */
export const OLLAMA_DOCS: Record<string, Route> = {
  'GET /api/version': { fixture: 'ollama/version-docs.json' },
  'GET /api/ps': { fixture: 'ollama/ps-docs-gemma3.json' },
  'POST /api/show': { fixture: 'ollama/show-docs-gemma3.json' },
};
