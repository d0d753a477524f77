import type { CatalogueDevice } from './HardwareCatalogue.js';

const GIB = 2 ** 30;

/**
 * What a runtime may fill on a device, in bytes, and why. Assumptions, stated as such:
 * - a dedicated GPU loses its runtime context (CUDA/ROCm/SYCL/Vulkan driver, cuBLAS workspace): 0.5 GiB;
 *   a display attached to the card takes more, which the user can subtract with a custom device;
 * - Apple silicon: Metal's default working set (`recommendedMaxWorkingSetSize`), observed or by its rule;
 * - system RAM: what the OS and a desktop keep, taken as 20 % and at least 2 GiB.
 */
export function usableMemory(device: Pick<CatalogueDevice, 'kind' | 'memoryGiB' | 'workingSetBytes' | 'workingSetBasis'>): { bytes: number; basis: string } {
  const total = device.memoryGiB * GIB;
  if (device.kind === 'unified') {
    const bytes = device.workingSetBytes ?? Math.round(total * (device.memoryGiB >= 64 ? 0.75 : 2 / 3));
    return { bytes, basis: `Metal's default working set (recommendedMaxWorkingSetSize), ${device.workingSetBasis ?? 'by rule'}` };
  }
  if (device.kind === 'ram') {
    const reserve = Math.max(2 * GIB, total * 0.2);
    return { bytes: Math.round(total - reserve), basis: 'RAM less what the OS and desktop keep (assumed: 20 %, at least 2 GiB)' };
  }
  return { bytes: Math.round(total - 0.5 * GIB), basis: 'VRAM less the runtime context and workspace (assumed: 0.5 GiB; a display on the card takes more)' };
}
