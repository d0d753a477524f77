import type { HardwareReport } from '../../src-shared/contract/hardware.js';
import type { EstimateTarget } from '../../src-shared/domain/recipe/buildRecipeFromEstimate.js';

/**
 * Where an estimate-only recipe would run: the usable GPU with the most free VRAM (every layer on
 * it), or the CPU with the RAM available now.
 */
export function estimateTarget(hardware: HardwareReport): EstimateTarget {
  const gpus = hardware.gpus.filter((g) => g.backends.length > 0).sort((a, b) => b.vramFreeBytes - a.vramFreeBytes);
  const gpu = gpus[0];
  if (gpu) {
    return { backend: gpu.backends[0]!, deviceName: gpu.name, vramTotalBytes: gpu.vramTotalBytes, ramTotalBytes: hardware.memory.totalBytes, freeBytes: gpu.vramFreeBytes };
  }
  return { backend: 'cpu', deviceName: hardware.cpu.model, vramTotalBytes: null, ramTotalBytes: hardware.memory.totalBytes, freeBytes: hardware.memory.availableBytes };
}
