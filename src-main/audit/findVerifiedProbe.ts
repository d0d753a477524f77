import { resolve } from 'node:path';
import { verifiedContext } from '../../src-shared/domain/recipe/stepSettings.js';
import { listProbeIds, probeFile, readProbeFile } from '../probe/probeFiles.js';

/** The largest context any probe of this model file verified on this machine, with the probe's id; null without one. */
export function findVerifiedProbe(dataDir: string, modelPath: string | null): { probeId: string; maxContextSize: number } | null {
  if (!modelPath) return null;
  const wanted = resolve(modelPath);
  let best: { probeId: string; maxContextSize: number } | null = null;
  for (const id of listProbeIds(dataDir)) {
    let contents;
    try {
      contents = readProbeFile(probeFile(dataDir, id));
    } catch {
      continue;
    }
    if (resolve(contents.header.model.path) !== wanted) continue;
    const passing = contents.steps.filter((s) => s.outcome === 'ok').map(verifiedContext);
    if (passing.length === 0) continue;
    const max = Math.max(...passing);
    if (!best || max > best.maxContextSize) best = { probeId: id, maxContextSize: max };
  }
  return best;
}
