import type { ModelRef } from '../../../src-shared/contract/models.js';
import type { WeightTensor } from '../../../src-shared/domain/memory/estimateMemory.js';
import { geometryFromMetadata } from '../../../src-shared/domain/models/geometryFromMetadata.js';
import type { ModelGeometry } from '../../../src-shared/domain/models/ModelGeometry.js';
import { findPreset, presetNames, scaleDepth } from '../../../src-shared/domain/models/modelPresets.js';
import { HeadroomError } from '../../../src-shared/errors/HeadroomError.js';
import type { ReadGgufSummaryOptions } from '../gguf/readGgufSummary.js';
import { readRegularFile } from '../../storage/readRegularFile.js';
import { readModelSummary } from '../remote/readModelSummary.js';

export interface ResolvedModel {
  geometry: ModelGeometry;
  /** The file's tensors when the model is a file (exact weights). */
  tensors: WeightTensor[] | null;
  /** In words, for output. */
  source: string;
  preset: string | null;
}

/** The geometry (and tensors, for a file) a request names. */
export async function resolveModelRef(ref: ModelRef, options: ReadGgufSummaryOptions = {}): Promise<ResolvedModel> {
  if ('path' in ref) {
    const summary = await readModelSummary(ref.path, undefined, options);
    return { geometry: summary.geometry, tensors: summary.tensors, source: `${summary.remote ? 'remote header' : 'file'} ${ref.path}`, preset: null };
  }
  if ('metadata' in ref) return { geometry: geometryFromMetadata(ref.metadata), tensors: null, source: 'metadata', preset: null };
  if ('preset' in ref) {
    const preset = findPreset(ref.preset);
    if (!preset) throw unknownPreset(ref.preset);
    const geometry = ref.layers ? scaleDepth(preset.geometry, ref.layers) : preset.geometry;
    return { geometry, tensors: null, source: `preset ${preset.name}${ref.layers ? ` cut to ${ref.layers} layers` : ''}`, preset: preset.name };
  }
  return { geometry: ref.geometry, tensors: null, source: 'geometry', preset: null };
}

const METADATA_HINT = 'Give a JSON object of GGUF keys, e.g. {"general.architecture": "qwen2", "qwen2.block_count": 28, …}.';
// Flat metadata without the vocabulary is a few KB; with it, a few MB.
const METADATA_JSON_MAX_BYTES = 64 * 2 ** 20;

/** A geometry from a GGUF file or a JSON file of flat GGUF metadata. */
export async function geometryFromFile(path: string, options: ReadGgufSummaryOptions = {}): Promise<ModelGeometry> {
  if (!path.toLowerCase().endsWith('.json')) return (await readModelSummary(path, undefined, options)).geometry;
  const text = readRegularFile(path, { maxBytes: METADATA_JSON_MAX_BYTES, what: 'a metadata JSON file', hint: METADATA_HINT }).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the text around the error: never echo a file's contents back to the caller.
    throw new HeadroomError(`Cannot read metadata JSON ${path}: it is not valid JSON.`, { code: 'invalid_metadata', hint: METADATA_HINT, cause: error });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HeadroomError(`${path} is not a JSON object.`, { code: 'invalid_metadata', hint: 'Give a JSON object of GGUF keys, e.g. {"general.architecture": "qwen2", …}.' });
  }
  return geometryFromMetadata(parsed as Record<string, unknown>);
}

export function unknownPreset(name: string): HeadroomError {
  return new HeadroomError(`Unknown preset "${name}".`, { code: 'unknown_preset', hint: `Use one of: ${presetNames.join(', ')} (headroom synth --list-presets).` });
}
