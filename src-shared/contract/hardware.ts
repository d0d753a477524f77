import { z } from 'zod';
import { defineChannel } from './defineChannel.js';

const bytes = z.number().int().nonnegative();

export const GpuBackendSchema = z.enum(['cuda', 'vulkan', 'metal', 'rocm']);
export type GpuBackend = z.infer<typeof GpuBackendSchema>;

export const BackendStatusSchema = z.object({
  /** node-llama-cpp loaded this backend's binary and it found at least one device. */
  usable: z.boolean(),
  /** Why it is not usable, or which devices it found. */
  detail: z.string(),
});
export type BackendStatus = z.infer<typeof BackendStatusSchema>;

export const GpuSchema = z.object({
  name: z.string(),
  vendor: z.string(),
  vramTotalBytes: bytes,
  vramFreeBytes: bytes,
  /** Held by other processes when Headroom looked (Headroom itself holds none then). */
  vramUsedByOthersBytes: bytes,
  driverVersion: z.string().nullable(),
  /** Backends node-llama-cpp can actually run on this device. */
  backends: z.array(GpuBackendSchema),
  /** Shares system RAM instead of having its own VRAM (iGPU, Apple unified memory). */
  integrated: z.boolean(),
  /** Where the VRAM figures come from. */
  vramSource: z.enum(['node-llama-cpp', 'nvidia-smi', 'os', 'unknown']),
});
export type Gpu = z.infer<typeof GpuSchema>;

export const WarningSchema = z.object({
  code: z.string(),
  severity: z.enum(['info', 'warning']),
  message: z.string(),
  hint: z.string(),
});
export type Warning = z.infer<typeof WarningSchema>;

export const HardwareReportSchema = z.object({
  cpu: z.object({
    model: z.string(),
    vendor: z.string(),
    /** Logical CPUs this process may use (what `nproc` prints). */
    cores: z.number().int().positive(),
    physicalCores: z.number().int().positive(),
    /** Hardware threads of the machine. */
    threads: z.number().int().positive(),
    /** Instruction-set flags that matter for prebuilt llama.cpp binaries, lower case. */
    flags: z.array(z.string()),
  }),
  memory: z.object({
    totalBytes: bytes,
    availableBytes: bytes,
    swapTotalBytes: bytes,
    swapFreeBytes: bytes,
  }),
  gpus: z.array(GpuSchema),
  backends: z.object({
    cuda: BackendStatusSchema,
    vulkan: BackendStatusSchema,
    metal: BackendStatusSchema,
    rocm: BackendStatusSchema,
    cpu: BackendStatusSchema,
  }),
  os: z.object({ platform: z.string(), distro: z.string(), release: z.string(), arch: z.string() }),
  runtime: z.object({ nodeLlamaCpp: z.string(), llamaCpp: z.string() }),
  warnings: z.array(WarningSchema),
  probedAt: z.string(),
  durationMs: z.number().nonnegative(),
});
export type HardwareReport = z.infer<typeof HardwareReportSchema>;

export const hardwareChannels = {
  'hardware:probe': defineChannel({
    summary: 'Probe CPU, RAM, swap, GPUs and the backends node-llama-cpp can use (once per run of the app unless `fresh`; memory is read each time).',
    /** `fresh`: query the GPUs again instead of reusing this run's report. Defaults to false. */
    input: z.object({ fresh: z.boolean().optional() }).strict(),
    output: HardwareReportSchema,
  }),
};
