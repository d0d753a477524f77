import { z } from 'zod';
import { ModelGeometrySchema } from './ModelGeometry.js';

export const GgufTensorSchema = z.object({
  name: z.string(),
  /** ggml type name, e.g. `q4_K`. */
  type: z.string(),
  shape: z.array(z.number()),
  bytes: z.number().nonnegative(),
});
export type GgufTensor = z.infer<typeof GgufTensorSchema>;

/** What Headroom knows about a GGUF file without loading its weights. */
export const GgufSummarySchema = z.object({
  path: z.string(),
  /** All parts together, for split files. */
  sizeBytes: z.number().nonnegative(),
  /** Paths of every part (one for a single file). */
  parts: z.array(z.string()),
  version: z.number().int(),
  name: z.string().nullable(),
  architecture: z.string(),
  /** `general.file_type` as people know it (Q4_K_M), or null. */
  fileType: z.string().nullable(),
  parameterCount: z.number().nonnegative(),
  tensorCount: z.number().int().nonnegative(),
  /** Bytes of all tensors, i.e. the weights llama.cpp loads. */
  tensorBytes: z.number().nonnegative(),
  geometry: ModelGeometrySchema,
  /** Flat metadata; long arrays (the vocabulary) are cut to their first entries with a count. */
  metadata: z.record(z.string(), z.unknown()),
  tensors: z.array(GgufTensorSchema),
  /** Written by Headroom's synthetic writer (random weights). */
  synthetic: z.boolean(),
  /** Read from a server, header only (issue 15); absent for a file on disk. */
  remote: z
    .object({
      /** The reference as given (`hf:…`, `owner/repo:Q4_K_M`, an address). */
      ref: z.string(),
      /** Every part's address. */
      urls: z.array(z.string()),
      /** Body bytes received to read the headers (0 when served from the cache). */
      transferredBytes: z.number().int().nonnegative(),
      requests: z.number().int().nonnegative(),
      /** Served from the header cache in the data folder. */
      cached: z.boolean(),
      fetchedAt: z.string(),
    })
    .optional(),
});
export type GgufSummary = z.infer<typeof GgufSummarySchema>;
