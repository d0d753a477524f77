import type si from 'systeminformation';
import type { Gpu, GpuBackend } from '../../src-shared/contract/hardware.js';
import type { BackendProbe, GpuInfo } from '../../src-shared/contract/worker.js';

type Controller = si.Systeminformation.GraphicsControllerData;
const MiB = 1024 ** 2;

/**
 * One card per GPU. The OS (systeminformation) names the devices and their drivers; node-llama-cpp
 * says which backends reach them and, through the backend, how much VRAM is free right now.
 */
export function mergeGpus(controllers: Controller[], gpuInfo: GpuInfo | null): Gpu[] {
  const usable = (gpuInfo?.backends ?? []).filter((b) => b.usable && b.backend !== 'cpu');
  const fromOs = controllers.filter(isComputeDevice).map((c) => fromController(c, usable));
  const osNames = fromOs.map((g) => g.name.toLowerCase());
  // Devices only a backend sees (e.g. a Vulkan software device, or a GPU the OS query missed).
  const onlyBackend = deviceNamesOf(usable)
    .filter((name) => !osNames.some((os) => sameDevice(os, name.toLowerCase())))
    .map((name) => fromBackendOnly(name, usable));
  return [...fromOs, ...onlyBackend];
}

function isComputeDevice(c: Controller): boolean {
  // Virtual display adapters of VMs and remote desktops cannot run anything.
  return !/virtio|vmware svga|qxl|cirrus|bochs|hyper-v|basic display|parsec|virtual/i.test(`${c.vendor} ${c.model}`);
}

function fromController(c: Controller, usable: BackendProbe[]): Gpu {
  const name = c.model || c.name || 'GPU';
  const backends = usable.filter((b) => b.deviceNames.some((d) => sameDevice(name.toLowerCase(), d.toLowerCase())));
  const soleBackendVram = backends.length > 0 && backends[0]!.deviceNames.length === 1 ? backends[0]!.vram : null;
  const smiTotal = mib(c.memoryTotal);
  const total = soleBackendVram?.total || smiTotal || mib(c.vram);
  const free = soleBackendVram ? soleBackendVram.free : mib(c.memoryFree) || total;
  return {
    name,
    vendor: c.vendor || vendorOf(name),
    vramTotalBytes: total,
    vramFreeBytes: Math.min(free, total),
    vramUsedByOthersBytes: Math.max(0, total - Math.min(free, total)),
    driverVersion: c.driverVersion || null,
    backends: uniqueBackends(backends),
    integrated: Boolean(c.vramDynamic) || /intel.*(uhd|iris|hd graphics)|radeon\(tm\) graphics|apple m\d/i.test(name),
    vramSource: soleBackendVram ? 'node-llama-cpp' : smiTotal ? 'nvidia-smi' : c.vram ? 'os' : 'unknown',
  };
}

function fromBackendOnly(name: string, usable: BackendProbe[]): Gpu {
  const backends = usable.filter((b) => b.deviceNames.includes(name));
  const vram = backends.find((b) => b.deviceNames.length === 1)?.vram ?? null;
  const total = vram?.total ?? 0;
  const free = vram?.free ?? 0;
  return {
    name,
    vendor: vendorOf(name),
    vramTotalBytes: total,
    vramFreeBytes: free,
    vramUsedByOthersBytes: Math.max(0, total - free),
    driverVersion: null,
    backends: uniqueBackends(backends),
    integrated: (vram?.unifiedSize ?? 0) > 0,
    vramSource: vram ? 'node-llama-cpp' : 'unknown',
  };
}

function deviceNamesOf(probes: BackendProbe[]): string[] {
  return [...new Set(probes.flatMap((b) => b.deviceNames))];
}

function uniqueBackends(probes: BackendProbe[]): GpuBackend[] {
  return [...new Set(probes.map((b) => b.backend).filter((b): b is GpuBackend => b !== 'cpu'))];
}

/** The OS and the backend name one device differently ("NVIDIA GeForce RTX 4090" vs "RTX 4090"). */
function sameDevice(a: string, b: string): boolean {
  const strip = (s: string) => s.replace(/nvidia|geforce|amd|radeon|intel\(r\)|\(tm\)|corporation|graphics/g, '').replace(/\s+/g, ' ').trim();
  const x = strip(a);
  const y = strip(b);
  return x.length > 0 && y.length > 0 && (x.includes(y) || y.includes(x));
}

function vendorOf(name: string): string {
  if (/nvidia|geforce|rtx|quadro|tesla|[ah]100|h200/i.test(name)) return 'NVIDIA';
  if (/amd|radeon|instinct/i.test(name)) return 'AMD';
  if (/intel|arc|iris|uhd/i.test(name)) return 'Intel';
  if (/apple/i.test(name)) return 'Apple';
  if (/llvmpipe|lavapipe|swiftshader/i.test(name)) return 'Mesa (software)';
  return 'unknown';
}

function mib(value: number | null | undefined): number {
  return value ? Math.round(value * MiB) : 0;
}
