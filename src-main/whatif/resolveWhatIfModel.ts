import type { ModelRef } from '../../src-shared/contract/models.js';
import type { WhatIfResult } from '../../src-shared/contract/whatif.js';
import type { WhatIfModel } from '../../src-shared/domain/whatif/deviceMemory.js';
import { readModelSummary } from '../models/remote/readModelSummary.js';
import { resolveModelRef } from '../models/service/resolveModelRef.js';

/** Weight type assumed for a preset or metadata without one (the most downloaded quantization). */
export const DEFAULT_WEIGHT_TYPE = 'q4_K';

/** The model a what-if question is about: its shape and weights, and the facts shown with the answer. */
export async function resolveWhatIfModel(ref: ModelRef, weightType: string | undefined, dataDir: string): Promise<{ model: WhatIfModel; info: WhatIfResult['model']; notes: string[] }> {
  if ('path' in ref) {
    const s = await readModelSummary(ref.path, dataDir);
    return {
      model: { geometry: s.geometry, tensors: s.tensors },
      info: { ref: ref.path, name: s.name, architecture: s.architecture, layers: s.geometry.layers, trainedContext: s.geometry.contextLength, parameterCount: s.parameterCount, weightsBytes: s.tensorBytes, fileType: s.fileType, moe: s.geometry.experts !== null, source: s.remote ? `remote header (${s.remote.transferredBytes} bytes read${s.remote.cached ? ', cached' : ''})` : 'file' },
      notes: [],
    };
  }
  const resolved = await resolveModelRef(ref);
  const type = weightType ?? DEFAULT_WEIGHT_TYPE;
  const g = resolved.geometry;
  return {
    model: { geometry: g, tensors: null, weightType: type },
    info: { ref: resolved.preset ?? resolved.source, name: resolved.preset, architecture: g.architecture, layers: g.layers, trainedContext: g.contextLength, parameterCount: null, weightsBytes: null, fileType: type, moe: g.experts !== null, source: resolved.source },
    notes: weightType ? [] : [`No file: weights estimated from the geometry at ${type} (±8 %); pass weightType to change it.`],
  };
}
