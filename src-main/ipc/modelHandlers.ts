import type { ParsedInput } from '../../src-shared/contract/channels.js';
import type { EstimateResult } from '../../src-shared/contract/models.js';
import { estimateMemory } from '../../src-shared/domain/memory/estimateMemory.js';
import { calibrateEstimate } from '../calibration/calibrateEstimate.js';
import { modelPresets } from '../../src-shared/domain/models/modelPresets.js';
import { discoverModels } from '../models/discovery/discoverModels.js';
import { modelPlaces } from '../models/discovery/modelPlaces.js';
import { addUserFolder, readUserFolders, removeUserFolder } from '../models/discovery/userFolders.js';
import { readModelSummary } from '../models/remote/readModelSummary.js';
import { resolveModelRef } from '../models/service/resolveModelRef.js';
import { synthesize } from '../models/service/synthesize.js';
import type { HandlerContext } from './HandlerContext.js';

export const modelHandlers = (ctx: HandlerContext) => {
  let scan: AbortController | null = null;
  return {
    'models:list': async () => {
      scan?.abort();
      const controller = (scan = new AbortController());
      try {
        const folders = await readUserFolders(ctx.dataDir);
        return await discoverModels({
          places: modelPlaces(process.env, ctx.dataDir, folders),
          folders,
          signal: controller.signal,
          onProgress: (p) => ctx.events.emit('models:onScanProgress', p),
        });
      } finally {
        if (scan === controller) scan = null;
      }
    },
    'models:cancelScan': async () => {
      const running = scan !== null;
      scan?.abort();
      return { cancelled: running };
    },
    'models:addFolder': async ({ path }: ParsedInput<'models:addFolder'>) => ({ folders: await addUserFolder(ctx.dataDir, path) }),
    'models:removeFolder': async ({ path }: ParsedInput<'models:removeFolder'>) => ({ folders: await removeUserFolder(ctx.dataDir, path) }),
    'models:inspect': async ({ path }: ParsedInput<'models:inspect'>) => readModelSummary(path, ctx.dataDir, { opaque: ctx.confined }),
    'models:estimate': async (input: ParsedInput<'models:estimate'>) => estimateFor(input, ctx.dataDir, ctx.confined),
    'models:presets': async () => ({ presets: modelPresets }),
    'models:synth': async (input: ParsedInput<'models:synth'>) =>
      synthesize({ ...input, dataDir: ctx.dataDir, confined: ctx.confined, onProgress: (writtenBytes, totalBytes) => ctx.events.emit('models:onSynthProgress', { path: input.outPath ?? '', writtenBytes, totalBytes }) }),
  };
};

async function estimateFor(input: ParsedInput<'models:estimate'>, dataDir: string, opaque = false): Promise<EstimateResult> {
  const model = await resolveModelRef(input.model, { opaque });
  const estimate = estimateMemory({
    geometry: model.geometry,
    contextSize: input.contextSize,
    typeK: input.typeK,
    typeV: input.typeV,
    flashAttention: input.flashAttention,
    batchSize: input.batchSize,
    ubatchSize: input.ubatchSize,
    sequences: input.sequences,
    gpuLayers: input.gpuLayers,
    gpus: input.gpus.map((g) => ({ name: g.name, weight: g.freeBytes })),
    tensors: model.tensors ?? undefined,
    weightType: input.weightType,
    rules: { slidingWindowCache: !input.swaFull, kvUnified: input.kvUnified },
  });
  return { ...estimate, geometry: model.geometry, source: model.source, calibration: calibrateEstimate(dataDir, estimate, input.backend) };
}
