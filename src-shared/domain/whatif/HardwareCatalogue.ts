import { z } from 'zod';

export const BackendSchema = z.enum(['cuda', 'rocm', 'vulkan', 'sycl', 'metal', 'cpu']);

/** A device in `resources/hardware/catalogue.json`: memory, bandwidth, backends, and where the numbers come from. */
export const CatalogueDeviceSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  aliases: z.array(z.string()).default([]),
  vendor: z.enum(['nvidia', 'amd', 'intel', 'apple', 'generic']),
  /** `gpu`: dedicated VRAM; `unified`: Apple silicon; `ram`: a CPU with system memory. */
  kind: z.enum(['gpu', 'unified', 'ram']),
  memoryGiB: z.number().positive(),
  backends: z.array(BackendSchema).min(1),
  /** Peak memory bandwidth (GB/s, 10^9). */
  bandwidthGBps: z.number().positive(),
  memoryBusBits: z.number().int().positive().optional(),
  memoryDataRateGbps: z.number().positive().optional(),
  /** Apple silicon: Metal's default `recommendedMaxWorkingSetSize` in bytes, and how it is known. */
  workingSetBytes: z.number().int().positive().optional(),
  workingSetBasis: z.string().optional(),
  /** Where the numbers come from (null only for a device the user described). */
  source: z.object({ url: z.string().url().nullable(), note: z.string().min(5) }),
});
export type CatalogueDevice = z.infer<typeof CatalogueDeviceSchema>;

export const HardwareCatalogueSchema = z.object({
  formatVersion: z.literal(1),
  about: z.string(),
  devices: z.array(CatalogueDeviceSchema).min(1),
});
export type HardwareCatalogue = z.infer<typeof HardwareCatalogueSchema>;
