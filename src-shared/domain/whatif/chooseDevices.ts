import type { WhatIfResult, WhatIfDevice } from '../../contract/whatif.js';
import { answerDevice, fitsOn } from './answerDevice.js';
import type { WhatIfModel } from './deviceMemory.js';

/**
 * "Choose my GPU": every catalogue GPU and Mac that runs `model` at `contextSize` entirely on the device
 * (flash attention on, f16 KV), smallest memory first, then fastest.
 */
export function chooseDevices(model: WhatIfModel, catalogue: WhatIfDevice[], contextSize: number, limit: number): NonNullable<WhatIfResult['choices']> {
  return catalogue
    .filter((d) => d.kind !== 'ram' && fitsOn(model, d, contextSize))
    .map((d) => answerDevice(model, d, contextSize, limit))
    .sort((a, b) => a.memoryBytes - b.memoryBytes || b.bandwidthGBps - a.bandwidthGBps)
    .map((a) => ({ id: a.id, name: a.name, memoryBytes: a.memoryBytes, maxContext: a.maxContext.flashAttention.on, generationTokensPerSecond: a.generationTokensPerSecond.value }));
}
