import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

// A real llama-server (the llama.cpp node-llama-cpp bundles, built by scripts/buildLlamaCpp.sh),
// found through HEADROOM_LLAMA_CPP_BIN. Tests that need it skip with the reason in their names.

export const LLAMA_BIN = process.env.HEADROOM_LLAMA_CPP_BIN;
export const LLAMA_SKIP_REASON = !LLAMA_BIN ? 'HEADROOM_LLAMA_CPP_BIN is not set' : !existsSync(join(LLAMA_BIN, 'llama-server')) ? `no llama-server in ${LLAMA_BIN}` : null;

export interface LlamaServer {
  child: ChildProcess;
  url: string;
  log(): string;
  stop(): Promise<void>;
}

/** Runs a llama-server command line through bash (`exec`, so the process is llama-server itself), without waiting. */
export function spawnLlamaServer(line: string, port: number): LlamaServer {
  const child = spawn('bash', ['-c', `exec ${line}`], { env: { ...process.env, PATH: `${LLAMA_BIN}:${process.env.PATH}`, LD_LIBRARY_PATH: LLAMA_BIN }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (log += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
  const server: LlamaServer = {
    child,
    url: `http://127.0.0.1:${port}`,
    log: () => log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
  return server;
}

/** {@link spawnLlamaServer}, then waits for /health (a server that exits or never answers is an error, with its log). */
export async function startLlamaServer(line: string, port: number): Promise<LlamaServer> {
  const server = spawnLlamaServer(line, port);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`llama-server exited with ${server.child.exitCode}:\n${server.log().slice(-3000)}`);
    try {
      if ((await fetch(`${server.url}/health`)).status === 200) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.stop();
  throw new Error(`llama-server did not become healthy:\n${server.log().slice(-3000)}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A completion whose prompt is exactly `tokens` token ids, so its length does not depend on the tokenizer. */
export async function completeTokens(url: string, tokens: number, predict = 4): Promise<number> {
  const prompt = Array.from({ length: tokens }, (_, i) => 300 + (i % 200));
  const response = await fetch(`${url}/completion`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ prompt, n_predict: predict, cache_prompt: false }) });
  return response.status;
}
