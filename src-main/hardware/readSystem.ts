import os from 'node:os';
import si from 'systeminformation';

/** The flags that decide which prebuilt llama.cpp binary runs well (or at all). */
const RELEVANT_FLAGS = /^(sse4_2|avx|avx2|avx512f|avx512bw|avx512vl|avx512_vnni|avx512vnni|avx512_bf16|avx_vnni|f16c|fma|amx_tile|amx_int8|amx_bf16|neon|asimd|sve|dotprod|i8mm)$/;

export interface SystemFacts {
  cpu: { model: string; vendor: string; cores: number; physicalCores: number; threads: number; flags: string[] };
  memory: { totalBytes: number; availableBytes: number; swapTotalBytes: number; swapFreeBytes: number };
  controllers: si.Systeminformation.GraphicsControllerData[];
  os: { platform: string; distro: string; release: string; arch: string };
}

/** CPU, RAM, swap, OS and the GPUs the OS knows about, through systeminformation. */
export async function readSystem(): Promise<SystemFacts> {
  const [cpu, flags, mem, graphics, osInfo] = await Promise.all([si.cpu(), si.cpuFlags(), si.mem(), si.graphics(), si.osInfo()]);
  return {
    cpu: {
      model: [cpu.manufacturer, cpu.brand].filter(Boolean).join(' ').trim() || os.cpus()[0]?.model || 'unknown CPU',
      vendor: cpu.vendor || cpu.manufacturer || 'unknown',
      cores: os.availableParallelism(),
      physicalCores: Math.max(1, cpu.physicalCores || cpu.cores || 1),
      threads: Math.max(1, cpu.cores || os.cpus().length),
      flags: normalizeFlags(flags),
    },
    memory: {
      totalBytes: Math.round(mem.total),
      availableBytes: Math.round(mem.available),
      swapTotalBytes: Math.round(mem.swaptotal),
      swapFreeBytes: Math.round(mem.swapfree),
    },
    controllers: graphics.controllers,
    os: { platform: osInfo.platform, distro: osInfo.distro, release: osInfo.release, arch: osInfo.arch },
  };
}

function normalizeFlags(flags: string): string[] {
  const all = flags.toLowerCase().split(/[\s,]+/).filter(Boolean);
  return [...new Set(all.filter((flag) => RELEVANT_FLAGS.test(flag)))].sort();
}
