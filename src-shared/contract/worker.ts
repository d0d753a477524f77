import { z } from 'zod';
import { GpuBackendSchema } from './hardware.js';
import { MemoryBudgetSchema, StepConfigSchema, StepPhaseSchema, StepResultSchema } from './probe.js';

// Messages between the main process and the probe worker, validated on both sides.

export const GpuQueryRequestSchema = z.object({ type: z.literal('queryGpus') });

/** Run one probe step: load, create the context, evaluate the attention-heavy prompt, generate, report, exit. */
export const StepRequestSchema = z.object({
  type: z.literal('step'),
  modelPath: z.string(),
  config: StepConfigSchema,
  /** Only `estimateCap` acts inside the worker; the others are imposed from outside. */
  budget: MemoryBudgetSchema.nullable(),
});
export type StepRequest = z.infer<typeof StepRequestSchema>;

export const WorkerRequestSchema = z.discriminatedUnion('type', [GpuQueryRequestSchema, StepRequestSchema]);
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

/** What the worker itself measured; the runner adds identity, budget, timing and cgroup figures. */
export const WorkerStepReportSchema = StepResultSchema.omit({
  ...Object.fromEntries(Object.keys(StepConfigSchema.shape).map((k) => [k, true])),
  id: true,
  probeId: true,
  index: true,
  budget: true,
  startedAt: true,
  durationMs: true,
  cgroupPeakBytes: true,
} as Record<keyof z.infer<typeof StepConfigSchema> | 'id' | 'probeId' | 'index' | 'budget' | 'startedAt' | 'durationMs' | 'cgroupPeakBytes', true>);
export type WorkerStepReport = z.infer<typeof WorkerStepReportSchema>;

export const WorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int() }),
  z.object({ type: z.literal('stepStarted'), pid: z.number().int() }),
  /** Sent as each phase begins, so that a crash can say where it happened. */
  z.object({ type: z.literal('stepPhase'), phase: StepPhaseSchema }),
  /** Tokens of the current phase evaluated so far, of its total: sent after every batch and generated token. */
  z.object({ type: z.literal('stepProgress'), phase: StepPhaseSchema, done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  z.object({ type: z.literal('stepResult'), report: WorkerStepReportSchema }),
  z.object({ type: z.literal('log'), level: z.string(), text: z.string() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), hint: z.string() }),
  GpuInfoSchema,
]);
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;
