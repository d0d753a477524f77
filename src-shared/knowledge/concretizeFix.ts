import type { SettingsChange } from '../contract/settings.js';
import { bytesPerElement, ggmlTypeByName } from '../domain/memory/ggmlTypes.js';
import type { ConcreteFix } from './Diagnosis.js';
import type { Facts } from './Facts.js';
import type { Category, Fix } from './KnowledgeEntry.js';

const MiB = (n: number) => `${Math.round(n).toLocaleString('en-US')} MiB`;
const tokens = (n: number) => `${Math.round(n).toLocaleString('en-US')} tokens`;
const floorTo = (n: number, step: number) => Math.max(step, Math.floor(n / step) * step);
const ceilTo = (n: number, step: number) => Math.ceil(n / step) * step;
const floorPow2 = (n: number) => 2 ** Math.floor(Math.log2(Math.max(1, n)));

/** The KV cache the log reports, or the allocation that failed when that allocation was the KV cache. */
export function kvCacheMiB(facts: Facts, category: Category): number | undefined {
  return facts.kvCacheMiB ?? (category === 'gpu_oom_kv_cache' ? facts.requestedMiB : undefined);
}

/** Bytes per cached element of a KV type (f16 = 2, q8_0 = 34/32). */
export function kvElementBytes(type: string | undefined): number | undefined {
  const info = ggmlTypeByName(type ?? 'f16');
  return info ? bytesPerElement(info) : undefined;
}

/** The largest context whose KV cache fits the free memory, when the log gives both. */
export function contextThatFits(facts: Facts, category: Category): number | undefined {
  if (facts.fitsContext) return facts.fitsContext;
  const kv = kvCacheMiB(facts, category);
  if (!kv || !facts.contextSize || facts.freeMiB === undefined || category !== 'gpu_oom_kv_cache') return undefined;
  const fits = floorTo((facts.contextSize * facts.freeMiB) / kv, 256);
  return fits < facts.contextSize ? fits : undefined;
}

/** Fills a fix's numbers from the log and renders its command lines. */
export function concretizeFix(fix: Fix, facts: Facts, category: Category): ConcreteFix {
  const change: SettingsChange = { ...fix.change };
  const adjust = fix.adjust ?? {};
  if (adjust.contextSize !== undefined) {
    const next = adjustedContext(adjust.contextSize, facts, category);
    if (next) change.contextSize = next;
  }
  if (adjust.gpuLayers !== undefined && facts.layersOffloaded) change.gpuLayers = Math.floor(facts.layersOffloaded * adjust.gpuLayers);
  if (adjust.batchSize !== undefined && facts.batchSize) change.batchSize = Math.max(32, floorPow2(facts.batchSize * adjust.batchSize));
  if (adjust.ubatchSize !== undefined && facts.ubatchSize) change.ubatchSize = Math.max(32, floorPow2(facts.ubatchSize * adjust.ubatchSize));
  const commands = Object.fromEntries(Object.entries(fix.commands).map(([runtime, command]) => [runtime, fill(command, change)]));
  const expected = expectedEffect(change, facts, category);
  return { title: fix.title, change, commands, ...(fix.note ? { note: fix.note } : {}), ...(expected ? { expected } : {}) };
}

function adjustedContext(rule: number | 'fitPrompt' | 'fitMemory', facts: Facts, category: Category): number | undefined {
  if (rule === 'fitPrompt') return facts.promptTokens ? ceilTo(facts.promptTokens * 1.1, 1024) : undefined;
  const fits = contextThatFits(facts, category);
  if (rule === 'fitMemory' && fits) return fits;
  if (!facts.contextSize) return fits;
  const scaled = floorTo(facts.contextSize * (rule === 'fitMemory' ? 0.5 : rule), 256);
  return fits !== undefined ? Math.min(fits, scaled) : scaled;
}

function fill(command: string, change: SettingsChange): string {
  return command.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = change[key as keyof SettingsChange];
    return value === undefined || typeof value === 'object' ? whole : String(value);
  });
}

/** One sentence with the log's numbers: what the KV cache or the weights become. */
export function expectedEffect(change: SettingsChange, facts: Facts, category: Category): string | undefined {
  const kv = kvCacheMiB(facts, category);
  const parts: string[] = [];
  // A new context size says something about the KV cache only when the log says the old one.
  const contextKnown = Boolean(change.contextSize && facts.contextSize);
  if (kv && (change.typeK || change.typeV || contextKnown)) {
    const oldBytes = avg(kvElementBytes(facts.typeK), kvElementBytes(facts.typeV));
    const newBytes = avg(kvElementBytes(change.typeK ?? facts.typeK), kvElementBytes(change.typeV ?? facts.typeV));
    const ctxRatio = change.contextSize && facts.contextSize ? change.contextSize / facts.contextSize : 1;
    if (oldBytes && newBytes) {
      const next = kv * (newBytes / oldBytes) * ctxRatio;
      const at = facts.contextSize ? ` at ${tokens(facts.contextSize)}` : '';
      const to = contextKnown ? ` at ${tokens(change.contextSize!)}` : '';
      parts.push(`KV cache${at}: ${MiB(kv)} → ${MiB(next)}${to}${savingVsGap(kv - next, facts)}`);
    }
  }
  if (typeof change.gpuLayers === 'number' && facts.layersOffloaded && facts.modelMiB && change.gpuLayers < facts.layersOffloaded) {
    const perLayer = facts.modelMiB / facts.layersOffloaded;
    const saved = perLayer * (facts.layersOffloaded - change.gpuLayers);
    parts.push(`GPU weights: ${MiB(facts.modelMiB)} → ${MiB(facts.modelMiB - saved)} (${facts.layersOffloaded} → ${change.gpuLayers} layers)${savingVsGap(saved, facts)}`);
  }
  if (change.contextSize && facts.contextSize && change.contextSize !== facts.contextSize && !(kv && contextKnown)) {
    parts.push(`context: ${tokens(facts.contextSize)} → ${tokens(change.contextSize)}`);
  }
  return parts.length ? parts.join('; ') : undefined;
}

/** Whether a saving closes the gap between what was asked and what was free. */
function savingVsGap(saved: number, facts: Facts): string {
  if (facts.requestedMiB === undefined || facts.freeMiB === undefined) return '';
  const gap = facts.requestedMiB - facts.freeMiB;
  if (gap <= 0) return '';
  return saved >= gap ? ` — enough: ${MiB(gap)} was missing` : ` — not enough alone: ${MiB(gap)} was missing`;
}

function avg(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : (a + b) / 2;
}
