import type { WhatIfDevice, WhatIfResult } from '../../contract/whatif.js';
import { answerDevice } from './answerDevice.js';
import { chooseDevices } from './chooseDevices.js';
import type { WhatIfModel } from './deviceMemory.js';
import { splitAcross } from './splitAcross.js';

/** Context asked about when the user names none: the trained context, at most this. */
export const DEFAULT_TARGET_CONTEXT = 8192;
/** Largest context searched when a model does not say what it was trained for. */
const UNKNOWN_TRAINED_LIMIT = 131_072;

/** Options of {@link whatIf}. */
export interface WhatIfInput {
  model: WhatIfModel;
  info: WhatIfResult['model'];
  devices: WhatIfDevice[];
  /** Defaults to the trained context, at most {@link DEFAULT_TARGET_CONTEXT}. */
  contextSize?: number;
  /** The catalogue, to answer "choose my GPU"; null to skip it. */
  catalogue: WhatIfDevice[] | null;
}

/** Every what-if answer for a model: per device, the split over the GPUs given, and the catalogue devices that run it. */
export function whatIf(input: WhatIfInput): WhatIfResult {
  const trained = input.model.geometry.contextLength;
  const limit = trained > 0 ? trained : UNKNOWN_TRAINED_LIMIT;
  const contextSize = input.contextSize ?? Math.min(limit, DEFAULT_TARGET_CONTEXT);
  // Only discrete GPUs share one machine's layers; a Mac's unified memory is a machine of its own.
  const gpus = input.devices.filter((d) => d.kind === 'gpu');
  const notes: string[] = [];
  if (trained > 0 && contextSize > trained) notes.push(`Context ${contextSize} is above the trained context ${trained}; maximum contexts are capped at ${trained}.`);
  if (input.devices.some((d) => d.kind !== 'gpu') && gpus.length >= 2) notes.push('Macs and RAM entries are answered as machines of their own and left out of the GPU split.');
  return {
    model: input.info,
    contextSize,
    devices: input.devices.map((d) => answerDevice(input.model, d, contextSize, limit)),
    split: gpus.length >= 2 ? splitAcross(input.model, gpus, contextSize, limit) : null,
    choices: input.catalogue ? chooseDevices(input.model, input.catalogue, contextSize, limit) : null,
    notes,
  };
}
