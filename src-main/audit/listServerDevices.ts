import { spawn } from 'node:child_process';
import { readFile, readlink } from 'node:fs/promises';
import { parseDeviceList } from '../tune/llamaCpp/listBenchDevices.js';

/** A device a llama.cpp binary can offload to, as `--list-devices` prints it. */
export interface ServerDevice {
  /** `Vulkan0`, `CUDA0`, `Metal`… */
  id: string;
  description: string;
  totalMiB: number;
}

/**
 * The devices a running llama-server's own binary sees, in the environment it runs with: its
 * executable from /proc run with `--list-devices` (it lists them and exits; nothing is loaded).
 * This llama.cpp prints no offload line at the default log verbosity and its API names no device,
 * so this is how the audit knows whether `-ngl` below the layer count leaves layers off a GPU.
 * Null when the process or its binary cannot be read, or the listing does not finish in time.
 */
export async function listServerDevices(pid: number, timeoutMs = 2000, proc = '/proc'): Promise<ServerDevice[] | null> {
  let exe: string;
  let env: Record<string, string>;
  try {
    exe = await readlink(`${proc}/${pid}/exe`);
    env = Object.fromEntries(
      (await readFile(`${proc}/${pid}/environ`, 'utf8'))
        .split('\0')
        .filter((kv) => kv.includes('='))
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
  } catch {
    return null;
  }
  const output = await run(exe, env, timeoutMs);
  const heading = output?.search(/^Available devices:/m) ?? -1;
  if (heading < 0) return null;
  // The same listing llama-bench prints; a device without its memory says nothing about offload here.
  return parseDeviceList(output!.slice(heading)).flatMap((d) => (d.totalBytes === null ? [] : [{ id: d.name, description: d.description, totalMiB: d.totalBytes / 2 ** 20 }]));
}

function run(exe: string, env: Record<string, string>, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(exe, ['--list-devices'], { env, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    // The listing is on stdout; stderr holds the backends' start-up lines.
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.resume();
    child.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? out : null);
    });
  });
}
