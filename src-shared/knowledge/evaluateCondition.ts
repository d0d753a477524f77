import type { Evidence, ProbeEvidence } from './Diagnosis.js';
import type { FactName, Facts, LiveFactName, LiveValue, SpeedSample } from './Facts.js';
import type { FactSource } from './FactCollector.js';
import type { Condition, LiveCondition } from './KnowledgeEntry.js';
import type { SpeedSummary } from './SpeedSummary.js';

/** What a condition can look at. */
export interface ConditionContext {
  facts: Facts;
  sources: Map<FactName, FactSource>;
  speeds: SpeedSummary;
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
    case 'live':
      // A log has no live runtime behind it.
      return null;
  }
}

/** What a live runtime said, fact by fact (absent: it did not say). */
export type LiveFactValues = Partial<Record<LiveFactName, LiveValue>>;

/** Whether a live condition holds; the facts it rests on when it does (none for `absent`), else null. */
export function evaluateLiveCondition(condition: LiveCondition, live: LiveFactValues): LiveFactName[] | null {
  const left = live[condition.fact];
  if (condition.op === 'absent') return left === undefined ? [] : null;
  if (left === undefined) return null;
  if (condition.op === 'present') return [condition.fact];
  if (condition.op === 'contains') return typeof left === 'string' && typeof condition.value === 'string' && left.toLowerCase().includes(condition.value.toLowerCase()) ? [condition.fact] : null;
  const right = condition.ref ? live[condition.ref] : condition.value;
  if (right === undefined) return null;
  return compare(condition.op, left, right, condition.factor) ? [condition.fact, ...(condition.ref ? [condition.ref] : [])] : null;
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
  return compare(c.op, left, right, c.factor);
}

/** The comparison both kinds of fact conditions make: `left op (right × factor)`; order only between numbers. */
function compare(op: 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne', left: unknown, right: unknown, factor: number | undefined): boolean {
  if (typeof right === 'number' && factor) right *= factor;
  if (op === 'eq') return left === right;
  if (op === 'ne') return left !== right;
  if (typeof left !== 'number' || typeof right !== 'number') return false;
  return op === 'lt' ? left < right : op === 'le' ? left <= right : op === 'gt' ? left > right : left >= right;
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
export function worstSpeedDrop(speeds: SpeedSummary, monotonicSamples = Infinity): SpeedDrop | null {
  let worst: SpeedDrop | null = null;
  for (const { from, to, fastest, slowest, count, samples } of speeds.series.values()) {
    if (to.depth <= from.depth || from.tokensPerSecond <= 0) continue;
    const ratio = to.tokensPerSecond / from.tokensPerSecond;
    // A steady fall starts at the fastest and ends at the slowest; only then is the series sorted.
    const candidate = count >= monotonicSamples && ratio <= 0.97 && from.tokensPerSecond === fastest && to.tokensPerSecond === slowest;
    const monotonic = candidate && samples !== null && isSteadyFall(samples);
    const drop = { from, to, ratio, monotonic };
    if (!worst || rank(drop) > rank(worst)) worst = drop;
  }
  return worst;
}

function isSteadyFall(samples: SpeedSample[]): boolean {
  const sorted = [...samples].sort((a, b) => a.depth - b.depth || a.line - b.line);
  return sorted.every((s, i) => i === 0 || (s.depth > sorted[i - 1]!.depth && s.tokensPerSecond <= sorted[i - 1]!.tokensPerSecond));
}

const rank = (d: SpeedDrop) => (d.monotonic ? 1 : 0) + (1 - d.ratio);

/** A benchmark run with some layers on the GPU that was slower than the same test with none. */
function slowerOffload(speeds: SpeedSummary): [SpeedSample, SpeedSample] | null {
  for (const { cpu, gpu } of speeds.offload.values()) if (cpu && gpu && gpu.tokensPerSecond < cpu.tokensPerSecond) return [cpu, gpu];
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
