import type { TuneCandidate, TuneSettings } from '../../contract/tune.js';
import type { FitCheck, KnobName, TunePlan } from './TunePlan.js';
import { rankCandidates } from './rankCandidates.js';
import { describeSettings, settingsKey } from './settingsKey.js';

/** The next step tune should measure. */
export interface TuneProposal {
  settings: TuneSettings;
  /** `baseline`, the knob being turned, or `confirm`. */
  stage: string;
  label: string;
}

/**
 * Coordinate descent over the knobs, from the runtime's defaults: for each knob in turn, measure its
 * values with the other knobs at the best point so far, then move to the fastest. Configurations the
 * memory model rules out, or that the runtime refuses (a quantized V cache without flash attention), are
 * never run. Last, the defaults and the leader are measured again, alternately, so that noise cannot
 * crown a setting that is not faster. Pure and replayable: the same results give the same next step.
 */
export function planTuneStep(plan: TunePlan, measured: TuneCandidate[], fits: FitCheck): TuneProposal | null {
  return walk(plan, measured, fits).next;
}

/** Steps still to come if every result leaves the best point where it is (for "step k of n"). */
export function remainingTuneSteps(plan: TunePlan, measured: TuneCandidate[], fits: FitCheck): number {
  return walk(plan, measured, fits).remaining;
}

/** Every step the search would propose before any result moves it: the plan shown before loading. */
export function previewTuneSteps(plan: TunePlan, fits: FitCheck): TuneProposal[] {
  return walk(plan, [], fits).todo;
}

function walk(plan: TunePlan, measured: TuneCandidate[], fits: FitCheck): { next: TuneProposal | null; remaining: number; todo: TuneProposal[] } {
  const done = new Set(measured.map((c) => settingsKey(c.settings)));
  const todo: TuneProposal[] = [];
  if (!done.has(settingsKey(plan.defaults))) todo.push({ settings: plan.defaults, stage: 'baseline', label: `${plan.defaultsLabel ?? "node-llama-cpp's defaults"} (${describeSettings(plan.defaults)})` });
  let current = plan.defaults;
  for (const knob of plan.order) {
    const options = variants(plan, current, knob).filter((s) => valid(s) && fits(s).fits);
    const open = options.filter((s) => !done.has(settingsKey(s)) && !todo.some((t) => settingsKey(t.settings) === settingsKey(s)));
    todo.push(...open.map((s) => ({ settings: s, stage: knob, label: labelOf(knob, s) })));
    if (open.length > 0) continue;
    // Every value of this knob ran around `current`: move to the fastest of them (or stay).
    const keys = new Set([settingsKey(current), ...options.map(settingsKey)]);
    const best = rankCandidates(measured.filter((c) => keys.has(settingsKey(c.settings))))[0];
    if (best) current = best.first.settings;
  }
  const confirm = todo.length === 0 ? confirmation(plan, measured) : [];
  const next = todo[0] ?? confirm[0] ?? null;
  const pendingConfirm = todo.length === 0 ? confirm.length : 2 * Math.max(0, plan.confirmRuns - 1);
  return { next, remaining: todo.length + pendingConfirm, todo };
}

/** Repeats of the defaults and of the leader, alternating, until each has `confirmRuns` passing runs. */
function confirmation(plan: TunePlan, measured: TuneCandidate[]): TuneProposal[] {
  const ranked = rankCandidates(measured);
  const leader = ranked[0];
  if (!leader) return [];
  const defaultsKey = settingsKey(plan.defaults);
  const defaults = ranked.find((m) => m.key === defaultsKey);
  const runsOf = (key: string) => measured.filter((c) => settingsKey(c.settings) === key).length;
  const out: TuneProposal[] = [];
  const wanted = [...(defaults && leader.key !== defaultsKey ? [defaults] : []), leader];
  for (const m of wanted) {
    for (let i = runsOf(m.key); i < plan.confirmRuns; i++) out.push({ settings: m.first.settings, stage: 'confirm', label: `again: ${m.key === defaultsKey ? (plan.defaultsLabel ?? "node-llama-cpp's defaults") : 'the leader'} (${describeSettings(m.first.settings)})` });
  }
  // Alternate, so that drift in the machine's load falls on both alike.
  return out.sort((a, b) => Number(settingsKey(a.settings) !== defaultsKey) - Number(settingsKey(b.settings) !== defaultsKey));
}

function variants(plan: TunePlan, current: TuneSettings, knob: KnobName): TuneSettings[] {
  switch (knob) {
    case 'kv':
      return plan.knobs.kv.map(([typeK, typeV]) => ({ ...current, typeK, typeV }));
    case 'batchSize':
      return plan.knobs.batchSize.map((b) => ({ ...current, batchSize: b, ubatchSize: plan.separateUbatch ? Math.min(b, 512) : b }));
    default:
      return (plan.knobs[knob] as (number | boolean)[]).map((v) => ({ ...current, [knob]: v }));
  }
}

/** llama.cpp refuses a quantized V cache without flash attention. */
function valid(s: TuneSettings): boolean {
  return s.flashAttention || s.typeV === 'f16' || s.typeV === 'f32' || s.typeV === 'bf16';
}

function labelOf(knob: KnobName, s: TuneSettings): string {
  const what: Record<KnobName, string> = {
    gpuLayers: s.gpuLayers === 0 ? 'everything on the CPU' : `${s.gpuLayers} GPU layers`,
    nCpuMoe: `experts of ${s.nCpuMoe} layers on the CPU`,
    threads: `${s.threads} thread${s.threads === 1 ? '' : 's'}`,
    flashAttention: `flash attention ${s.flashAttention ? 'on' : 'off'}`,
    kv: `K/V cache ${s.typeK}/${s.typeV}`,
    batchSize: `batch ${s.batchSize}${s.ubatchSize !== s.batchSize ? ` (ubatch ${s.ubatchSize})` : ''}`,
  };
  return `${what[knob]} (${describeSettings(s)})`;
}
