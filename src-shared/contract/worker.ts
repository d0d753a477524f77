import { z } from 'zod';
import { GpuBackendSchema } from './hardware.js';

// Messages between the main process and the probe worker, validated on both sides.
// The probe work extends the `step` request and the `stepStarted`/`stepResult` messages.

export const GpuQueryRequestSchema = z.object({ type: z.literal('queryGpus') });

export const WorkerRequestSchema = z.discriminatedUnion('type', [GpuQueryRequestSchema]);
export type WorkerRequest = z.infer<typeof WorkerRequestSchema>;

export const BackendProbeSchema = z.object({
  backend: z.union([GpuBackendSchema, z.literal('cpu')]),
  usable: z.boolean(),
  detail: z.string(),
  deviceNames: z.array(z.string()),
  vram: z
    .object({ total: z.number(), used: z.number(), free: z.number(), unifiedSize: z.number() })
    .nullable(),
});
export type BackendProbe = z.infer<typeof BackendProbeSchema>;

export const GpuInfoSchema = z.object({
  type: z.literal('gpuInfo'),
  /** The backend `getLlama({gpu: 'auto'})` picks: what a probe would run on. */
  autoBackend: z.union([GpuBackendSchema, z.literal('cpu')]),
  backends: z.array(BackendProbeSchema),
  cpuMathCores: z.number().int(),
  nodeLlamaCppVersion: z.string(),
  llamaCppRelease: z.string(),
});
export type GpuInfo = z.infer<typeof GpuInfoSchema>;

export const WorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int() }),
  z.object({ type: z.literal('log'), level: z.string(), text: z.string() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), hint: z.string() }),
  GpuInfoSchema,
]);
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;
