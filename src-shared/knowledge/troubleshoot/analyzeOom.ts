import { KvCacheTypeSchema, type KvCacheType, type SettingsChange } from '../../contract/settings.js';
import { estimateMemory } from '../../domain/memory/estimateMemory.js';
import type { ModelGeometry } from '../../domain/models/ModelGeometry.js';
import type { CompiledKnowledgeBase } from '../compileKnowledgeBase.js';
import { kvElementBytes } from '../concretizeFix.js';
import { diagnoseLog, type DiagnoseInput } from '../diagnoseLog.js';
import type { Facts } from '../Facts.js';
import type { Category } from '../KnowledgeEntry.js';
import { geometryFromFacts } from './geometryFromFacts.js';
import type { MemoryPart, MemoryPicture, OomAnalysis, OomPhase, RankedFix, RunSettings } from './OomAnalysis.js';

/** The device the run used, from the hardware probe, when the log does not say. */
export interface DeviceInfo {
  name: string;
  totalBytes: number;
  freeBytes: number;
}

export interface AnalyzeOomInput extends DiagnoseInput {
  device?: DeviceInfo | null;
}

const OOM_CATEGORIES = new Set<Category>(['gpu_oom_weights', 'gpu_oom_kv_cache', 'gpu_oom_compute_buffer', 'host_oom']);
const MiB = 1024 * 1024;
const fmt = (n: number) => `${Math.round(n).toLocaleString('en-US')} MiB`;

/**
 * The troubleshooter's reading of an out-of-memory log (or failed probe steps): where memory ran
 * out, the picture of weights + KV cache + compute against the device, and the fixes ranked by
 * whether their expected saving covers what was missing. Pure.
 */
export function analyzeOom(kb: CompiledKnowledgeBase, input: AnalyzeOomInput): OomAnalysis {
  const diagnosis = diagnoseLog(kb, input);
  const facts = diagnosis.extracted;
  const top = diagnosis.matches[0];
  const isOom = Boolean(top && OOM_CATEGORIES.has(top.category));
  const phase = phaseOf(facts, top?.category);
  const settings = runSettings(facts);
  const geometry = geometryFromFacts(facts);
  const picture = memoryPicture(facts, top?.category, settings, geometry, input.device ?? null);
  const fixes = diagnosis.matches
    .filter((m) => OOM_CATEGORIES.has(m.category))
    .flatMap((m) => m.fixes.map((fix) => ({ ...fix, entry: m.id })))
    .map((fix): RankedFix => {
      const saving = savingOf(fix.change, settings, picture, facts, geometry);
      return {
        ...fix,
        savingMiB: saving === null ? null : Math.round(saving),
        closesGap: saving === null || picture.gapMiB === null ? null : saving >= picture.gapMiB,
        verifiable: isVerifiable(fix.change),
      };
    });
  return {
    diagnosis,
    isOom,
    phase,
    phaseText: phaseText(phase, isOom, top, facts, picture, settings),
    picture,
    settings,
    geometry,
    fixes: rankFixes(dedupeFixes(fixes)),
  };
}

function phaseOf(facts: Facts, category: Category | undefined): OomPhase | null {
  switch (facts.oomStage) {
    case 'weights':
      return 'load';
    case 'kv':
    case 'compute':
      return 'context';
    case 'eval':
      return 'eval';
  }
  if (category === 'gpu_oom_weights') return 'load';
  // Compute buffers are reserved when the context is created (graph_reserve); a failure during
  // evaluation says so with its own stage.
  if (category === 'gpu_oom_kv_cache' || category === 'gpu_oom_compute_buffer') return 'context';
  return null;
}

function runSettings(facts: Facts): RunSettings {
  const type = (t: string | undefined): KvCacheType | undefined => (KvCacheTypeSchema.safeParse(t?.toLowerCase()).success ? (t!.toLowerCase() as KvCacheType) : undefined);
  const settings: RunSettings = {};
  if (facts.contextSize) settings.contextSize = facts.contextSize;
  if (facts.flashAttention !== undefined) settings.flashAttention = facts.flashAttention;
  const typeK = type(facts.typeK);
  const typeV = type(facts.typeV);
  if (typeK) settings.typeK = typeK;
  if (typeV) settings.typeV = typeV;
  if (facts.layersOffloaded !== undefined) settings.gpuLayers = facts.layersOffloaded;
  if (facts.batchSize) settings.batchSize = facts.batchSize;
  if (facts.ubatchSize) settings.ubatchSize = facts.ubatchSize;
  if (facts.parallel) settings.parallel = facts.parallel;
  return settings;
}

function memoryPicture(facts: Facts, category: Category | undefined, settings: RunSettings, geometry: ModelGeometry | null, device: DeviceInfo | null): MemoryPicture {
  const requested = facts.requestedMiB ?? null;
  const totalMiB = facts.totalMiB ?? (device ? device.totalBytes / MiB : null);
  const freeMiB = facts.freeMiB ?? (device ? device.freeBytes / MiB : null);
  const estimate = geometry && settings.contextSize ? estimate_(geometry, settings) : null;
  const part = (log: number | undefined, failed: boolean, estimated: number | null): MemoryPart | null =>
    log !== undefined ? { mib: log, source: 'log' } : failed && requested !== null ? { mib: requested, source: 'failed allocation' } : estimated !== null ? { mib: estimated, source: 'estimate' } : null;
  return {
    // "device 0" alone says less than the hardware probe's name for it.
    device: (facts.device && !/^\d+$/.test(facts.device) ? facts.device : null) ?? device?.name ?? facts.gpuName ?? (facts.device ? `device ${facts.device}` : null),
    totalMiB: round(totalMiB),
    freeMiB: round(freeMiB),
    requestedMiB: requested,
    gapMiB: requested !== null && freeMiB !== null ? round(requested - freeMiB) : null,
    weights: part(facts.modelMiB, category === 'gpu_oom_weights', null),
    kvCache: part(facts.kvCacheMiB, category === 'gpu_oom_kv_cache', estimate ? estimate.kvMiB : null),
    compute: part(facts.computeMiB, category === 'gpu_oom_compute_buffer' && facts.oomStage !== 'eval', estimate ? estimate.computeMiB : null),
  };
}

const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

function estimate_(geometry: ModelGeometry, s: RunSettings): { kvMiB: number; computeMiB: number } | null {
  if (!s.contextSize) return null;
  try {
    const e = estimateMemory({
      geometry,
      contextSize: s.contextSize,
      typeK: s.typeK,
      typeV: s.typeV,
      flashAttention: s.flashAttention ?? false,
      batchSize: s.batchSize,
      ubatchSize: s.ubatchSize,
      sequences: s.parallel,
    });
    return { kvMiB: e.kvCache.totalBytes / MiB, computeMiB: e.computeBytes / MiB };
  } catch {
    return null;
  }
}

/** MiB a change frees: by the memory model when the log gives the geometry, else from the log's own numbers. */
function savingOf(change: SettingsChange, settings: RunSettings, picture: MemoryPicture, facts: Facts, geometry: ModelGeometry | null): number | null {
  let saving = 0;
  let known = false;
  const before = geometry ? estimate_(geometry, settings) : null;
  const after = geometry ? estimate_(geometry, { ...settings, ...pickRun(change) }) : null;
  if (before && after && touchesContext(change)) {
    saving += before.kvMiB + before.computeMiB - (after.kvMiB + after.computeMiB);
    known = true;
  } else if (touchesContext(change)) {
    const kv = picture.kvCache?.mib;
    if (kv && (change.typeK || change.typeV || change.contextSize)) {
      const oldBytes = (kvElementBytes(settings.typeK) ?? 2) + (kvElementBytes(settings.typeV) ?? 2);
      const newBytes = (kvElementBytes(change.typeK ?? settings.typeK) ?? 2) + (kvElementBytes(change.typeV ?? settings.typeV) ?? 2);
      const ctx = change.contextSize && settings.contextSize ? change.contextSize / settings.contextSize : 1;
      saving += kv - kv * (newBytes / oldBytes) * ctx;
      known = true;
    }
    const compute = picture.compute?.mib;
    if (compute && change.flashAttention === true && settings.flashAttention !== true) {
      // Without the geometry, count the attention scores as about half of the buffer (they dominate at long context).
      saving += compute / 2;
      known = true;
    }
    if (compute && change.ubatchSize && settings.ubatchSize && change.ubatchSize < settings.ubatchSize) {
      saving += compute * (1 - change.ubatchSize / settings.ubatchSize);
      known = true;
    }
  }
  if (typeof change.gpuLayers === 'number' && facts.layersOffloaded && facts.modelMiB && change.gpuLayers < facts.layersOffloaded) {
    saving += (facts.modelMiB / facts.layersOffloaded) * (facts.layersOffloaded - change.gpuLayers);
    known = true;
  }
  return known ? saving : null;
}

const pickRun = (c: SettingsChange): RunSettings => {
  const { contextSize, flashAttention, typeK, typeV, batchSize, ubatchSize, parallel } = c;
  return Object.fromEntries(Object.entries({ contextSize, flashAttention, typeK, typeV, batchSize, ubatchSize, parallel }).filter(([, v]) => v !== undefined));
};
const touchesContext = (c: SettingsChange) => ['contextSize', 'flashAttention', 'typeK', 'typeV', 'batchSize', 'ubatchSize', 'parallel'].some((k) => k in c);

/** A probe step can apply these settings; a driver action or an environment variable it cannot. */
function isVerifiable(change: SettingsChange): boolean {
  return change.action === undefined && ['contextSize', 'flashAttention', 'typeK', 'typeV', 'gpuLayers', 'batchSize', 'ubatchSize'].some((k) => k in change);
}

/** Cheapest first: flash attention costs nothing, a q8_0 cache little, a shorter context or fewer layers more. */
function cost(change: SettingsChange): number {
  if (change.action !== undefined) return 9;
  if (change.flashAttention === true && Object.keys(change).length === 1) return 0;
  if (change.typeK === 'q8_0' || change.typeV === 'q8_0') return 1;
  if (change.contextSize !== undefined) return 2;
  if (change.ubatchSize !== undefined || change.batchSize !== undefined) return 3;
  if (change.typeK !== undefined || change.typeV !== undefined) return 4;
  if (change.gpuLayers !== undefined) return 5;
  return 6;
}

function rankFixes(fixes: RankedFix[]): RankedFix[] {
  const gapRank = (f: RankedFix) => (f.closesGap === true ? 0 : f.closesGap === null ? 1 : 2);
  return [...fixes].sort((a, b) => gapRank(a) - gapRank(b) || Number(b.verifiable) - Number(a.verifiable) || cost(a.change) - cost(b.change) || (b.savingMiB ?? 0) - (a.savingMiB ?? 0));
}

function dedupeFixes(fixes: RankedFix[]): RankedFix[] {
  const seen = new Set<string>();
  return fixes.filter((f) => {
    const key = JSON.stringify(f.change);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function phaseText(phase: OomPhase | null, isOom: boolean, top: { title: string; category: Category } | undefined, facts: Facts, picture: MemoryPicture, settings: RunSettings): string {
  const title = top?.title;
  if (!isOom) return title ? `This log is not an out-of-memory failure: ${title.charAt(0).toLowerCase()}${title.slice(1)}.` : 'No out-of-memory failure was found in this log.';
  const asked = picture.requestedMiB !== null ? ` It asked for ${fmt(picture.requestedMiB)}${picture.freeMiB !== null ? ` with ${fmt(picture.freeMiB)} free` : ''}.` : '';
  const ctx = settings.contextSize ? ` for ${settings.contextSize.toLocaleString('en-US')} tokens` : '';
  switch (phase) {
    case 'load':
      return `Memory ran out while loading the weights onto ${picture.device ?? 'the device'}.${asked}`;
    case 'context':
      return `Memory ran out while creating the context: the ${facts.oomStage === 'compute' || (facts.oomStage !== 'kv' && top?.category === 'gpu_oom_compute_buffer') ? 'compute buffers' : 'KV cache'}${ctx} did not fit.${asked}`;
    case 'eval':
      return `Memory ran out during evaluation, after the model and context were created.${asked}`;
    default:
      return `Memory ran out; the log does not say which allocation failed.${asked}`;
  }
}
