import { spawn } from 'node:child_process';
import { readFile, readlink } from 'node:fs/promises';

/** A device a llama.cpp binary can offload to, as `--list-devices` prints it. */
export interface ServerDevice {
  /** `Vulkan0`, `CUDA0`, `Metal`… */
  id: string;
  description: string;
  totalMiB: number;
}

// "  Vulkan0: llvmpipe (LLVM 15.0.6, 256 bits) (2048 MiB, 2048 MiB free)"
const DEVICE = /^\s*([A-Za-z][\w-]*\d*): (.+) \((\d+) MiB, \d+ MiB free\)\s*$/;

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
  if (output === null || !/Available devices:/.test(output)) return null;
  return output.split('\n').flatMap((line) => {
    const m = DEVICE.exec(line);
    return m ? [{ id: m[1]!, description: m[2]!, totalMiB: Number(m[3]) }] : [];
  });
}

function run(exe: string, env: Record<string, string>, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(exe, ['--list-devices'], { env, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
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
