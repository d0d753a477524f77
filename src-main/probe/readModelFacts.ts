import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { gguf } from '@huggingface/gguf';
import type { ModelGeometry } from '../../src-shared/domain/models/ModelGeometry.js';
import { geometryFromMetadata, type FlatMetadata } from '../../src-shared/domain/models/geometryFromMetadata.js';
import { ggmlTypeById, rowBytes } from '../../src-shared/domain/memory/ggmlTypes.js';
import type { WeightTensor } from '../../src-shared/domain/memory/estimateMemory.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import { plainText } from '../../src-shared/domain/text/plainText.js';
import { checkGgufExtent } from '../models/gguf/checkGgufExtent.js';

/** What the probe needs to know about a GGUF before loading it: its name, size, trained context and shape. */
export interface ModelFacts {
  path: string;
  name: string;
  sizeBytes: number;
  trainContextSize: number | null;
  /** Null when the memory model does not understand the file (the probe still runs). */
  geometry: ModelGeometry | null;
  tensors: WeightTensor[];
}

export async function readModelFacts(path: string): Promise<ModelFacts> {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new HeadroomError(`No model file at ${path}.`, { code: 'model_not_found', hint: 'Pass the path of a .gguf file (or --preset NAME for a synthetic model).' });
  }
  let parsed;
  try {
    parsed = await gguf(path, { allowLocalFile: true });
  } catch (error) {
    throw new HeadroomError(`${path} is not a readable GGUF file: ${error instanceof Error ? error.message : String(error)}`, {
      code: 'model_not_gguf',
      hint: 'Check that the file is a complete GGUF (not a partial download or a Git LFS pointer).',
    });
  }
  // A cut file parses (the parser reads zeros past its end); it must fail here, not in a worker.
  checkGgufExtent(path, parsed, size, { skipUnknownTypes: true });
  const meta = flatten(parsed.metadata as Record<string, unknown>);
  const geometry = tryGeometry(meta);
  return {
    path,
    name: (typeof meta['general.name'] === 'string' && plainText(meta['general.name'])) || basename(path),
    sizeBytes: size,
    trainContextSize: geometry?.contextLength || null,
    geometry,
    tensors: parsed.tensorInfos.map((t) => {
      const type = ggmlTypeById(t.dtype);
      const shape = t.shape.map(Number);
      return { name: t.name, bytes: type ? rowBytes(type, shape[0] ?? 0) * shape.slice(1).reduce((a, b) => a * b, 1) : 0 };
    }),
  };
}

function flatten(metadata: Record<string, unknown>): FlatMetadata {
  return Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
}

function tryGeometry(meta: FlatMetadata): ModelGeometry | null {
  try {
    return geometryFromMetadata(meta);
  } catch {
    return null;
  }
}
