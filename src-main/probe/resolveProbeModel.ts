import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelRef, ProbeModel } from '../../src-shared/contract/probe.js';
import { findPreset, presetNames, scaleDepth } from '../../src-shared/domain/models/modelPresets.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import { looksRemote } from '../../src-shared/domain/whatif/parseRemoteRef.js';
import { writeSyntheticGguf } from '../models/synth/writeSyntheticGguf.js';
import { syntheticTwin } from '../whatif/syntheticTwin.js';
import { ensureDataDir } from '../storage/dataDir.js';
import { readModelFacts, type ModelFacts } from './readModelFacts.js';

/** Options of {@link resolveProbeModel}. */
export interface ResolveModelOptions {
  dataDir: string;
  /** Progress of writing a synthetic model (bytes written, total). */
  onProgress?: (written: number, total: number) => void;
}

/** A model file to probe: the given path, or a preset's synthetic GGUF (written once into the data folder). */
export async function resolveProbeModel(ref: ModelRef, options: ResolveModelOptions): Promise<{ model: ProbeModel; facts: ModelFacts }> {
  // A remote reference is probed as its synthetic twin: "measured on a model of the same shape" (issue 15).
  const path = 'path' in ref ? (looksRemote(ref.path) ? (await syntheticTwin(ref.path, options)).path : ref.path) : await presetFile(ref.preset, ref.layers, options);
  const facts = await readModelFacts(path);
  return {
    facts,
    model: { path, name: facts.name, sizeBytes: facts.sizeBytes, preset: 'preset' in ref ? ref.preset : null, trainContextSize: facts.trainContextSize },
  };
}

async function presetFile(name: string, layers: number | undefined, options: ResolveModelOptions): Promise<string> {
  const preset = findPreset(name);
  if (!preset) throw new HeadroomError(`Unknown preset "${name}".`, { code: 'unknown_preset', hint: `Use one of: ${presetNames.join(', ')}.` });
  const geometry = layers ? scaleDepth(preset.geometry, Math.min(layers, preset.geometry.layers)) : preset.geometry;
  const outPath = join(ensureDataDir(options.dataDir, 'models', 'synthetic'), `${preset.name}${layers ? `-${geometry.layers}L` : ''}-q4_0.gguf`);
  if (!existsSync(outPath)) {
    await writeSyntheticGguf({
      geometry,
      outPath,
      weightType: 'q4_0',
      preset: preset.name,
      originalLayers: layers ? preset.geometry.layers : null,
      name: `synthetic ${preset.name}${layers ? ` (${geometry.layers} layers)` : ''}`,
      onProgress: options.onProgress,
    });
  }
  return outPath;
}
