import type { ParsedInput } from '../../src-shared/contract/channels.js';
import type { WhatIfResult } from '../../src-shared/contract/whatif.js';
import { whatIf } from '../../src-shared/domain/whatif/whatIf.js';
import { catalogueCalibrationNote } from '../calibration/calibrationSummary.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import { loadCatalogue } from './loadCatalogue.js';
import { resolveDevices } from './resolveDevices.js';
import { resolveWhatIfModel } from './resolveWhatIfModel.js';

/** `whatif:run`: the model's header (a file, a remote reference or a preset) against catalogue devices. */
export async function runWhatIf(input: ParsedInput<'whatif:run'>, dataDir: string): Promise<WhatIfResult> {
  if (!input.devices.length && !input.chooseGpu) throw new HeadroomError('Which devices? Name at least one, or ask which GPUs run the model.', { code: 'invalid_input', hint: 'Add --device "RTX 4060 8GB" (headroom whatif --list-devices), or --choose-gpu.' });
  const catalogue = loadCatalogue();
  const devices = resolveDevices(input.devices, catalogue);
  const { model, info, notes } = await resolveWhatIfModel(input.model, input.weightType, dataDir);
  const result = whatIf({ model, info, devices, contextSize: input.contextSize, catalogue: input.chooseGpu ? catalogue : null });
  return { ...result, notes: [...notes, ...result.notes, catalogueCalibrationNote(dataDir)] };
}
