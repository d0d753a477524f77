import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from './paths';

export interface Served {
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `headroom serve --json` as a real process and reads the URL it prints. */
export function startServe(env: Record<string, string> = {}): Promise<Served> {
  const dataDir = env.HEADROOM_DATA_DIR ?? mkdtempSync(join(os.tmpdir(), 'headroom-serve-'));
  const child = spawn(process.execPath, [CLI, 'serve', '--json'], { cwd: ROOT, env: { ...process.env, HEADROOM_DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buffer += d;
      const line = buffer.split('\n')[0];
      if (!buffer.includes('\n') || !line) return;
      clearTimeout(timer);
      const { url, port, token } = JSON.parse(line) as { url: string; port: number; token: string };
      resolve({
        url,
        origin: `http://127.0.0.1:${port}`,
        port,
        token,
        dataDir,
        child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}
