import type { Gpu, HardwareReport, Warning } from '../contract/hardware.js';

export type HardwareFacts = Omit<HardwareReport, 'warnings'>;

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** Software rasterizers that expose a Vulkan "GPU" which is really the CPU. */
const SOFTWARE_GPU = /llvmpipe|lavapipe|swiftshader|softpipe|microsoft basic render/i;

/** What users trip over, each with what to do about it. Pure: runs on recorded snapshots in tests. */
export function hardwareWarnings(facts: HardwareFacts): Warning[] {
  return [
    ...facts.gpus.flatMap(gpuWarnings),
    ...noGpuWarning(facts),
    ...cpuWarnings(facts),
    ...memoryWarnings(facts),
  ];
}

function gpuWarnings(gpu: Gpu): Warning[] {
  const warnings: Warning[] = [];
  if (SOFTWARE_GPU.test(gpu.name)) {
    warnings.push({
      code: 'software_gpu',
      severity: 'warning',
      message: `"${gpu.name}" is a software renderer: its "VRAM" is system RAM and it runs on the CPU, 10-100x slower than the CPU backend.`,
      hint: 'Do not offload layers to it (gpuLayers 0 / -ngl 0). Install the real GPU driver if this machine has a GPU.',
    });
    return warnings;
  }
  if (gpu.backends.length === 0) {
    warnings.push({
      code: 'gpu_without_backend',
      severity: 'warning',
      message: `${gpu.name} was found, but no GPU backend of node-llama-cpp can use it: inference would silently fall back to the CPU.`,
      hint: backendHint(gpu.vendor),
    });
  }
  if (gpu.integrated) {
    warnings.push({
      code: 'integrated_gpu',
      severity: 'info',
      message: `${gpu.name} shares system RAM${gpu.vramTotalBytes ? ` (${formatGiB(gpu.vramTotalBytes)} reported as VRAM)` : ''}: the model's weights and KV cache compete with everything else in RAM.`,
      hint: 'Budget RAM and VRAM together: close memory-heavy apps, and prefer a smaller quantization or context over full offload if the system starts swapping.',
    });
  }
  const others = gpu.vramUsedByOthersBytes;
  if (gpu.vramTotalBytes > 0 && others > 512 * MiB && others / gpu.vramTotalBytes > 0.15) {
    warnings.push({
      code: 'vram_held_by_others',
      severity: 'warning',
      message: `Other processes hold ${formatGiB(others)} of ${gpu.name}'s ${formatGiB(gpu.vramTotalBytes)} VRAM: only ${formatGiB(gpu.vramFreeBytes)} is free for a model.`,
      hint: 'Close what holds it (browsers, games, another model server: `nvidia-smi` lists the processes; `ollama ps` shows a loaded model, `ollama stop NAME` frees it), then probe again.',
    });
  }
  return warnings;
}

function noGpuWarning(facts: HardwareFacts): Warning[] {
  if (facts.gpus.length > 0) return [];
  return [
    {
      code: 'no_gpu',
      severity: 'info',
      message: 'No GPU was found: models will run on the CPU, and speed is bound by RAM bandwidth.',
      hint: 'Prefer small models (1-8B) with 4-bit quantization. If this machine does have a GPU, install its driver and probe again.',
    },
  ];
}

function cpuWarnings(facts: HardwareFacts): Warning[] {
  if (facts.cpu.flags.includes('avx2')) return [];
  const hasAvx = facts.cpu.flags.includes('avx');
  return [
    {
      code: 'cpu_without_avx2',
      severity: 'warning',
      message: `${facts.cpu.model} lacks AVX2${hasAvx ? '' : ' and AVX'}: prebuilt llama.cpp, Ollama and LM Studio binaries may crash with "Illegal instruction" or run several times slower.`,
      hint: 'Use a build made for this CPU: build llama.cpp from source with -DGGML_NATIVE=ON (node-llama-cpp: `npx node-llama-cpp source download`), or pick the runtime\'s "no AVX2" variant.',
    },
  ];
}

function memoryWarnings(facts: HardwareFacts): Warning[] {
  const warnings: Warning[] = [];
  if (facts.memory.swapTotalBytes === 0) {
    warnings.push({
      code: 'no_swap',
      severity: 'info',
      message: 'There is no swap: a model that overshoots RAM is killed by the OOM killer at once instead of slowing down.',
      hint: 'Keep a safety margin of about 10% of RAM, or add a swap file (Linux: `fallocate -l 8G /swapfile && mkswap /swapfile && swapon /swapfile`).',
    });
  }
  const { availableBytes, totalBytes } = facts.memory;
  if (totalBytes > 0 && availableBytes / totalBytes < 0.15) {
    warnings.push({
      code: 'low_ram_available',
      severity: 'warning',
      message: `Only ${formatGiB(availableBytes)} of ${formatGiB(totalBytes)} RAM is available.`,
      hint: 'Close memory-heavy applications (or stop a loaded model server) before loading a model.',
    });
  }
  return warnings;
}

function backendHint(vendor: string): string {
  if (/nvidia/i.test(vendor))
    return 'Install or update the NVIDIA driver (CUDA 12 capable, `nvidia-smi` must work); node-llama-cpp ships CUDA and Vulkan binaries that need only the driver.';
  if (/amd|ati/i.test(vendor))
    return 'Install the Vulkan driver (Linux: `mesa-vulkan-drivers`; Windows: AMD Adrenalin) so the Vulkan backend can use it, or use a ROCm build of llama.cpp.';
  if (/intel/i.test(vendor))
    return 'Install the Vulkan driver (Linux: `mesa-vulkan-drivers`; Windows: the Intel Arc/Iris driver) so the Vulkan backend can use it.';
  return 'Install the GPU vendor\'s Vulkan driver so node-llama-cpp\'s Vulkan backend can use it.';
}

export function formatGiB(bytes: number): string {
  return `${(bytes / GiB).toFixed(1)} GiB`;
}
