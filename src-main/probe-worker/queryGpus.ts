import { getLlama, getLlamaGpuTypes, getModuleVersion, LlamaLogLevel, type LlamaGpuType } from 'node-llama-cpp';
import type { BackendProbe, GpuInfo } from '../../src-shared/contract/worker.js';

type ProbedBackend = Exclude<LlamaGpuType, false>;

/**
 * Asks node-llama-cpp which backends really work here: a backend counts only if its
 * prebuilt binary loads and finds a device, since a binary that loads with no device
 * means inference silently falls back to the CPU.
 */
export async function queryGpus(): Promise<GpuInfo> {
  const candidates = (await getLlamaGpuTypes('allValid')).filter((t): t is ProbedBackend => t !== false);
  const backends: BackendProbe[] = [];
  for (const backend of candidates) backends.push(await probeBackend(backend));
  backends.push({ backend: 'cpu', usable: true, detail: 'Always available.', deviceNames: [], vram: null });

  const auto = await getLlama({ gpu: 'auto', build: 'never', logLevel: LlamaLogLevel.error });
  return {
    type: 'gpuInfo',
    autoBackend: auto.gpu === false ? 'cpu' : auto.gpu,
    backends,
    cpuMathCores: auto.cpuMathCores,
    nodeLlamaCppVersion: (await getModuleVersion()) ?? 'unknown',
    llamaCppRelease: auto.llamaCppRelease.release,
  };
}

async function probeBackend(backend: ProbedBackend): Promise<BackendProbe> {
  try {
    const llama = await getLlama({ gpu: backend, build: 'never', logLevel: LlamaLogLevel.error });
    const deviceNames = await llama.getGpuDeviceNames();
    const vram = await llama.getVramState();
    const usable = deviceNames.length > 0 && vram.total > 0;
    return {
      backend,
      usable,
      detail: usable ? `Devices: ${deviceNames.join(', ')}` : 'The binary loads but finds no device.',
      deviceNames,
      vram: { total: vram.total, used: vram.used, free: vram.free, unifiedSize: vram.unifiedSize },
    };
  } catch (error) {
    return { backend, usable: false, detail: firstLine(error), deviceNames: [], vram: null };
  }
}

function firstLine(error: unknown): string {
  if (error instanceof Error && (error.name === 'NoBinaryFoundError' || error.message === 'NoBinaryFoundError'))
    return 'node-llama-cpp has no prebuilt binary for it that loads here (its driver or runtime library is missing).';
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.slice(0, 300) || 'Failed to load.';
}
