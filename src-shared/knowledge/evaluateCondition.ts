import type { Evidence, ProbeEvidence } from './Diagnosis.js';
import type { FactName, Facts, SpeedSample } from './Facts.js';
import type { FactSource } from './FactCollector.js';
import type { Condition } from './KnowledgeEntry.js';

/** What a condition can look at. */
export interface ConditionContext {
  facts: Facts;
  sources: Map<FactName, FactSource>;
  speeds: SpeedSample[];
  probe: { step: ProbeEvidence; line: number }[];
  /** Text of a line, for evidence. */
  lineText: (line: number) => string;
}

/** The evidence lines when the condition holds, or null. */
export function evaluateCondition(condition: Condition, ctx: ConditionContext): Evidence[] | null {
  switch (condition.kind) {
    case 'fact':
      return factHolds(condition, ctx) ? factEvidence([condition.fact, ...(condition.ref ? [condition.ref] : [])], ctx, condition.note) : null;
    case 'speedDrop': {
      const drop = worstSpeedDrop(ctx.speeds, condition.monotonicSamples);
      if (!drop || !(drop.ratio <= condition.maxRatio || drop.monotonic)) return null;
      return [drop.from, drop.to].map((s) => ({ line: s.line, text: ctx.lineText(s.line), note: condition.note }));
    }
    case 'offloadSlower': {
      const pair = slowerOffload(ctx.speeds);
      return pair ? pair.map((s) => ({ line: s.line, text: ctx.lineText(s.line), note: condition.note })) : null;
    }
    case 'probeOutcome': {
      const hit = ctx.probe.find(({ step }) => step.outcome === condition.outcome && (!condition.stage || step.stage === condition.stage));
      return hit ? [{ line: hit.line, text: ctx.lineText(hit.line), note: condition.note }] : null;
    }
    case 'probeFlip': {
      const flip = probeFlip(condition, ctx.probe);
      return flip ? flip.map((line) => ({ line, text: ctx.lineText(line), note: condition.note })) : null;
    }
  }
}

function factHolds(c: Extract<Condition, { kind: 'fact' }>, ctx: ConditionContext): boolean {
  const left = ctx.facts[c.fact as keyof Facts];
  if (c.op === 'present') return left !== undefined;
  if (left === undefined) return false;
  let right: unknown = c.value;
  if (c.ref) {
    right = ctx.facts[c.ref as keyof Facts];
    if (right === undefined) return false;
  }
  if (typeof right === 'number' && c.factor) right *= c.factor;
  if (c.op === 'eq') return left === right;
  if (c.op === 'ne') return left !== right;
  if (typeof left !== 'number' || typeof right !== 'number') return false;
  return c.op === 'lt' ? left < right : c.op === 'le' ? left <= right : c.op === 'gt' ? left > right : left >= right;
}

function factEvidence(facts: FactName[], ctx: ConditionContext, note: string): Evidence[] {
  const lines = [...new Set(facts.map((f) => ctx.sources.get(f)?.line).filter((l): l is number => l !== undefined))];
  return lines.map((line) => ({ line, text: ctx.lineText(line), note }));
}

export interface SpeedDrop {
  from: SpeedSample;
  to: SpeedSample;
  ratio: number;
  monotonic: boolean;
}

/** The series (same phase, offload and flash attention) whose speed falls most as context grows. */
export function worstSpeedDrop(speeds: SpeedSample[], monotonicSamples = Infinity): SpeedDrop | null {
  const series = new Map<string, SpeedSample[]>();
  for (const s of speeds) {
    const key = `${s.phase}/${s.gpuLayers ?? ''}/${s.flashAttention ?? ''}`;
    series.set(key, [...(series.get(key) ?? []), s]);
  }
  let worst: SpeedDrop | null = null;
  for (const samples of series.values()) {
    const sorted = [...samples].sort((a, b) => a.depth - b.depth || a.line - b.line);
    const from = sorted[0]!;
    const to = sorted.at(-1)!;
    if (to.depth <= from.depth || from.tokensPerSecond <= 0) continue;
    const ratio = to.tokensPerSecond / from.tokensPerSecond;
    const steady = sorted.length >= monotonicSamples && sorted.every((s, i) => i === 0 || (s.depth > sorted[i - 1]!.depth && s.tokensPerSecond <= sorted[i - 1]!.tokensPerSecond));
    const monotonic = steady && ratio <= 0.97;
    const drop = { from, to, ratio, monotonic };
    if (!worst || rank(drop) > rank(worst)) worst = drop;
  }
  return worst;
}

const rank = (d: SpeedDrop) => (d.monotonic ? 1 : 0) + (1 - d.ratio);

/** A benchmark run with some layers on the GPU that was slower than the same test with none. */
function slowerOffload(speeds: SpeedSample[]): [SpeedSample, SpeedSample] | null {
  for (const cpu of speeds.filter((s) => s.gpuLayers === 0)) {
    const slower = speeds.find((s) => s.phase === cpu.phase && s.depth === cpu.depth && s.flashAttention === cpu.flashAttention && (s.gpuLayers ?? 0) > 0 && s.tokensPerSecond < cpu.tokensPerSecond);
    if (slower) return [cpu, slower];
  }
  return null;
}

function probeFlip(c: Extract<Condition, { kind: 'probeFlip' }>, probe: ConditionContext['probe']): number[] | null {
  const value = (s: ProbeEvidence) => (c.setting === 'flashAttention' ? s.flashAttention : s.typeK !== 'f16' || s.typeV !== 'f16');
  for (const failed of probe) {
    if (failed.step.outcome !== c.outcome || value(failed.step) !== c.failingValue) continue;
    const passed = probe.find(({ step }) => step.outcome === 'ok' && value(step) !== c.failingValue && step.contextSize >= failed.step.contextSize);
    if (passed) return [failed.line, passed.line];
  }
  return null;
}
