import type { LlamaCppBin } from './findLlamaCppBin.js';
import { runTool } from './runTool.js';

/** A device llama.cpp's build can run on: `Vulkan0: llvmpipe (LLVM 15.0.6, 256 bits) (2048 MiB, 2048 MiB free)`. */
export interface BenchDevice {
  name: string;
  description: string;
  totalBytes: number | null;
  freeBytes: number | null;
}

const LINE = /^\s*(\S+?):\s+(.*?)(?:\s+\((\d+) MiB, (\d+) MiB free\))?\s*$/;

/** The devices `llama-bench --list-devices` names under this environment (GGML_VK_VISIBLE_DEVICES filters Vulkan's); empty for a CPU-only build. */
export async function listBenchDevices(bin: LlamaCppBin, env: Record<string, string>): Promise<BenchDevice[]> {
  const run = await runTool(bin.bench, ['--list-devices'], { env, timeoutMs: 60_000 });
  return parseDeviceList(run.stdout);
}

export function parseDeviceList(stdout: string): BenchDevice[] {
  return stdout.split('\n').slice(1).flatMap((line) => {
    const m = LINE.exec(line);
    if (!m || m[1] === '(none)' || !m[2]) return [];
    const mib = (v: string | undefined) => (v === undefined ? null : Number(v) * 2 ** 20);
    return [{ name: m[1]!, description: m[2], totalBytes: mib(m[3]), freeBytes: mib(m[4]) }];
  });
}
