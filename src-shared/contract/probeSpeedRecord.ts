import { z } from 'zod';

/**
 * One machine's measured speed for one backend, thread count and flash attention setting, per unit of model
 * compute, so that a probe of any model is predicted from earlier probes of any other. Null parts were never
 * measured on this machine.
 */
export const SpeedRecordEntrySchema = z.object({
  /** Seconds per prompt token (shallow) per GFLOP of the model's weights per token. */
  promptSecPerGflop: z.number().positive(),
  /** Seconds per prompt token per MFLOP of attention per cell of depth (the attention cost model's slope). */
  promptDepthSecPerMflop: z.number().nonnegative().nullable(),
  /** Seconds per generated token (shallow) per GiB of weights read per token (generation is bandwidth bound). */
  generateSecPerGib: z.number().positive().nullable(),
  generateDepthSecPerMflop: z.number().nonnegative().nullable(),
  /** Per step, outside evaluation (spawn, load, context), per GiB of weights. */
  fixedMsPerGib: z.number().nonnegative().nullable(),
  /** Writing and loading the state of one cell (`copy` steps), per KiB of K/V a cell holds. */
  fillMsPerKib: z.number().nonnegative().nullable(),
  /** Measured steps behind the entry, over all probes. */
  steps: z.number().int().nonnegative(),
  updatedAt: z.string(),
});
export type SpeedRecordEntry = z.infer<typeof SpeedRecordEntrySchema>;

/** `<dataDir>/speed-calibration.json`: entries keyed by `backend/threads/fa` (see speedRecordKey). */
export const SpeedRecordSchema = z.object({
  formatVersion: z.literal(1),
  entries: z.record(z.string(), SpeedRecordEntrySchema),
});
export type SpeedRecord = z.infer<typeof SpeedRecordSchema>;
