import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ensureDir } from '../../storage/ensureDir.js';
import { insideFolder } from '../../storage/insideFolder.js';
import type { SynthResult } from '../../../src-shared/contract/models.js';
import type { ModelGeometry } from '../../../src-shared/domain/models/ModelGeometry.js';
import { findPreset, scaleDepth } from '../../../src-shared/domain/models/modelPresets.js';
import { HeadroomError } from '../../../src-shared/errors/HeadroomError.js';
import type { SynthWeightType } from '../synth/encodeTensorData.js';
import { SYNTH_ARCHITECTURES } from '../../../src-shared/domain/models/tensorPlan.js';
import { writeSyntheticGguf } from '../synth/writeSyntheticGguf.js';
import { ensureDataDir } from '../../storage/dataDir.js';
import { geometryFromFile, unknownPreset } from './resolveModelRef.js';

export interface SynthesizeOptions {
  preset?: string;
  like?: string;
  geometry?: ModelGeometry;
  layers?: number;
  contextLength?: number;
  weightType: SynthWeightType;
  seed: number;
  outPath?: string;
  /** Replace an existing file at `outPath`; only consulted when `confined`. Defaults to false. */
  overwrite?: boolean;
  dataDir: string;
  /** Write only inside the data folder, never over an existing file unless `overwrite` (the web bridge). Defaults to false. */
  confined?: boolean;
  onProgress?: (writtenBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
}

/** Resolves where the geometry comes from, cuts its depth, and writes the synthetic model. */
export async function synthesize(o: SynthesizeOptions): Promise<SynthResult> {
  const started = Date.now();
  const given = [o.preset, o.like, o.geometry].filter((x) => x !== undefined).length;
  if (given !== 1) throw new HeadroomError('Say where the geometry comes from: exactly one of a preset, a model to copy (like), or a geometry.', { code: 'invalid_input', hint: 'Pass --preset NAME, --like FILE, or the geometry flags (see headroom synth --help).' });
  const preset = o.preset ? findPreset(o.preset) : undefined;
  if (o.preset && !preset) throw unknownPreset(o.preset);
  let geometry = latentLayout(preset?.geometry ?? o.geometry ?? (await geometryFromFile(o.like!, { opaque: o.confined })));
  const originalLayers = o.layers && o.layers !== geometry.layers ? geometry.layers : null;
  if (o.layers) geometry = scaleDepth(geometry, o.layers);
  if (o.contextLength) geometry = { ...geometry, contextLength: o.contextLength };
  if (!geometry.contextLength) geometry = { ...geometry, contextLength: 4096 };
  const name = `${preset?.name ?? geometry.architecture}${originalLayers ? `-${geometry.layers}L` : ''}-${o.weightType}`;
  const outPath = await checkOutPath(o, `${name}.gguf`);
  try {
    const info = await writeSyntheticGguf({ geometry, outPath, weightType: o.weightType, seed: o.seed, name: `Headroom synthetic ${name}`, preset: preset?.name ?? null, originalLayers, onProgress: o.onProgress, signal: o.signal });
    return {
      path: info.path, sizeBytes: info.sizeBytes, tensorDataBytes: info.tensorDataBytes, parameterCount: info.parameterCount, tensorCount: info.tensorCount,
      weightType: info.weightType, seed: info.seed, geometry: info.geometry, preset: preset?.name ?? null, originalLayers,
      notes: notes(geometry, originalLayers),
      durationMs: Date.now() - started,
    };
  } catch (error) {
    if (error instanceof RangeError) throw new HeadroomError(`Cannot write this geometry: ${error.message}.`, { code: 'invalid_geometry', hint: `Synthetic models support ${SYNTH_ARCHITECTURES.join(', ')}; copy one of those, or use a preset.`, cause: error });
    throw error;
  }
}

/** Where to write: refused when it is a folder; for a confined caller, inside the data folder and new unless `overwrite`. */
async function checkOutPath(o: SynthesizeOptions, fileName: string): Promise<string> {
  const folder = join(o.dataDir, 'models', 'synthetic');
  if (!o.outPath) return join(ensureDataDir(o.dataDir, 'models', 'synthetic'), fileName);
  let path = o.outPath;
  if (o.confined) {
    await ensureDir(folder);
    const inside = insideFolder(o.dataDir, resolve(folder, o.outPath));
    if (!inside) throw new HeadroomError('Over the web bridge a model can only be written inside the data folder.', { code: 'path_outside_data', hint: `Leave outPath out (it defaults to ${folder}), or give a file name or a path inside the data folder.` });
    path = inside;
  }
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw new HeadroomError(`${path} is a folder.`, { code: 'out_is_folder', hint: `Give a file path, e.g. ${join(o.outPath, fileName)}.` });
  if (existing && o.confined && !o.overwrite) throw new HeadroomError(`${path} already exists.`, { code: 'file_exists', hint: 'Pick another name, or set overwrite to replace it.' });
  return path;
}

/** Old deepseek2 conversions are written in llama.cpp's MLA layout, which is what current llama.cpp runs. */
function latentLayout(g: ModelGeometry): ModelGeometry {
  if (!g.mla || g.mla.layout === 'latent') return g;
  return { ...g, kvHeads: 1, keyLength: g.mla.kvLoraRank + g.mla.ropeDim, valueLength: g.mla.kvLoraRank, mla: { ...g.mla, layout: 'latent' } };
}

function notes(g: ModelGeometry, originalLayers: number | null): string[] {
  const out = ['Weights are random: the file measures memory and speed, not answers.'];
  if (originalLayers) out.push(`Depth cut from ${originalLayers} to ${g.layers} layers: KV cache and compute per layer are the real model's; totals scale by ${g.layers}/${originalLayers}.`);
  return out;
}
