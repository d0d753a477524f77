import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GgufSummary } from '../../src-shared/domain/models/GgufSummary.js';
import { scaleDepth } from '../../src-shared/domain/models/modelPresets.js';
import { SYNTH_ARCHITECTURES } from '../../src-shared/domain/models/tensorPlan.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import { readGgufSummary } from '../models/gguf/readGgufSummary.js';
import type { SynthWeightType } from '../models/synth/encodeTensorData.js';
import { readRemoteSummary } from '../models/remote/readRemoteSummary.js';
import { writeSyntheticGguf } from '../models/synth/writeSyntheticGguf.js';

/** Options of {@link syntheticTwin}. */
export interface TwinOptions {
  dataDir: string;
  /** Keep only this many layers (same per-layer shape). Defaults to the full depth. */
  layers?: number;
  onProgress?: (written: number, total: number) => void;
}

/** A synthetic model of a remote model's shape, and how its weights differ from the real ones. */
export interface SyntheticTwin {
  path: string;
  summary: GgufSummary;
  weightType: SynthWeightType;
  /** Real tensor bytes minus the twin's (the writer knows four weight types; a Q4_K_M becomes q4_0). */
  weightsDeficitBytes: number;
}

/**
 * Writes (once, into `<dataDir>/models/synthetic/`) a GGUF with random weights and the geometry of the
 * model `ref` names, read from its header alone. Probing it is "measured on a model of the same shape":
 * KV cache, compute buffers and attention cost are the real model's; the weights are the nearest type
 * the writer has, and the difference is reported.
 */
export async function syntheticTwin(ref: string, options: TwinOptions): Promise<SyntheticTwin> {
  const summary = await readRemoteSummary(ref, { dataDir: options.dataDir });
  const weightType = nearestWeightType(summary);
  const depth = options.layers ? Math.min(options.layers, summary.geometry.layers) : summary.geometry.layers;
  const key = createHash('sha256').update(`${summary.parts.join('\n')}\n${depth}`).digest('hex').slice(0, 16);
  const path = join(options.dataDir, 'models', 'synthetic', `twin-${key}-${depth}L-${weightType}.gguf`);
  const geometry = depth === summary.geometry.layers ? summary.geometry : scaleDepth(summary.geometry, depth);
  const twinBytes = await ensureTwin(path, summary, geometry, weightType, options);
  const realBytes = (summary.tensorBytes * depth) / summary.geometry.layers;
  return { path, summary, weightType, weightsDeficitBytes: Math.max(0, Math.round(realBytes - twinBytes)) };
}

async function ensureTwin(path: string, summary: GgufSummary, geometry: GgufSummary['geometry'], weightType: SynthWeightType, options: TwinOptions): Promise<number> {
  if (existsSync(path)) return (await readGgufSummary(path)).tensorBytes;
  try {
    const info = await writeSyntheticGguf({
      geometry,
      outPath: path,
      weightType,
      name: `synthetic twin of ${summary.remote?.ref ?? summary.path} (same shape, random weights)`,
      originalLayers: geometry.layers === summary.geometry.layers ? null : summary.geometry.layers,
      onProgress: options.onProgress,
    });
    return info.tensorDataBytes;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new HeadroomError(`Cannot write a synthetic twin of ${summary.remote?.ref ?? summary.path}: ${error.message}.`, {
      code: 'twin_unsupported',
      hint: `Synthetic models support ${SYNTH_ARCHITECTURES.join(', ')}. inspect, estimate and whatif still answer from the header; to measure this model, download it and probe the file.`,
      cause: error,
    });
  }
}

/** The writer's weight type nearest in bits per weight to the real file's. */
export function nearestWeightType(summary: GgufSummary): SynthWeightType {
  const bitsPerWeight = summary.parameterCount > 0 ? (summary.tensorBytes * 8) / summary.parameterCount : 4.5;
  if (bitsPerWeight <= 6.5) return 'q4_0';
  if (bitsPerWeight <= 12) return 'q8_0';
  if (bitsPerWeight <= 24) return 'f16';
  return 'f32';
}
