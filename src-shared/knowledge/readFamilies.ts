import type { Evidence } from './Diagnosis.js';
import type { Facts } from './Facts.js';
import { FAMILY_RULES, type FamilySignal, type FamilyStage, type Resource } from './familyRules.js';
import type { Category } from './KnowledgeEntry.js';

/** What the scan saw of one family rule: its evidence lines and the stage the run had reached at the first. */
export interface FamilyHit {
  evidence: Evidence[];
  stageAt: FamilyStage | undefined;
}

/** A category a family points to, before it is merged with the entries' candidates. */
export interface FamilyCandidate {
  category: Category;
  /** 0–1, already discounted when the family cannot tell two categories apart. */
  confidence: number;
  signal: FamilySignal;
  evidence: Evidence[];
  decidingFact: string;
  /** The question that separates this candidate from its sibling, when the family produced two. */
  question?: string;
  /** The failing line itself says so (an allocation in RAM): no entry of another category outranks it. */
  decisive?: boolean;
}

/** What the family layer read: per signal its score, and for memory the resource and stage. */
export interface FamilyReading {
  signals: Partial<Record<FamilySignal, number>>;
  resource: Resource | null;
  stage: FamilyStage | null;
  /** The stage the log itself names (the failing line's words, or where the stage hints put the run); never presumed. */
  located: FamilyStage | null;
  candidates: FamilyCandidate[];
}

/** Below this a family says nothing on its own (one weak word such as "slow" or "library=cpu"). */
export const FAMILY_THRESHOLD = 4;
/** Families are generic: even a certain one stays below a matched entry of the same strength. */
const FAMILY_CEILING = 0.88;
const EVIDENCE = 6;

const confidenceOf = (score: number) => Math.round(FAMILY_CEILING * (1 - Math.exp(-score / 5)) * 100) / 100;

interface SignalSummary {
  score: number;
  evidence: Evidence[];
  resource: Resource | undefined;
  statedStage: FamilyStage | undefined;
  stageAt: FamilyStage | undefined;
}

/** Reads the families from the rules that matched and the facts of the log. Pure. */
export function readFamilies(hits: Map<number, FamilyHit>, facts: Facts, speedSamples = 0, speedLines: SpeedLines = { flash: [], kvCache: [] }): FamilyReading {
  const kept = withoutBenignLines(hits);
  const summaries = summarise(kept);
  const hint = hintedStages(kept);
  const slow: SlowSigns = {
    partial: summaries.get('partialOffload')?.score ?? 0,
    depth: summaries.get('contextDepth')?.score ?? 0,
    words: summaries.get('slowWords')?.score ?? 0,
    samples: speedSamples,
    evidence: (['partialOffload', 'contextDepth', 'slowWords'] as const).flatMap((k) => summaries.get(k)?.evidence ?? []),
    errors: summaries.has('errorReported'),
  };
  for (const aside of ['stageHint', 'partialOffload', 'contextDepth', 'slowWords', 'notAllocation', 'errorReported', 'deviceListing'] as const) summaries.delete(aside);
  addEmptyListing(summaries, kept);
  addFlashSlowdown(summaries, facts, speedLines);
  addMemoryFacts(summaries, facts);
  weighGpuAtWork(summaries, facts);
  const signals = Object.fromEntries([...summaries].map(([s, v]) => [s, v.score])) as FamilyReading['signals'];
  const alloc = summaries.get('allocFailed');
  const resource = alloc?.resource ?? summaries.get('processKilled')?.resource ?? resourceOfBackend(facts.backend);
  // The failing line's own words first, then where the run was: a traceback's frames (printed beside the
  // failure: the function it was in), then the stage lines printed before it (the step it had reached).
  // A stage presumed from a request's size comes last: anything that says where the run was says it better.
  const found = alloc?.statedStage ?? hint.where ?? (facts.oomStage as FamilyStage | undefined) ?? alloc?.stageAt ?? hint.presumed ?? null;
  const stage = found === 'eval' && kvDominates(facts) ? 'kv' : found;
  // A stage read from the cache's size rather than the failing line leaves the compute buffers open.
  const stated = stage === found && Boolean(alloc?.statedStage ?? hint.where);
  const candidates: FamilyCandidate[] = [];
  for (const [signal, summary] of summaries) {
    if (signal === 'slowdown' || summary.score < FAMILY_THRESHOLD) continue;
    candidates.push(...candidatesOf(signal, summary, facts, { resource: resource ?? undefined, stage: stage ?? undefined, stated, resourceStated: Boolean(alloc?.resource) && (alloc?.score ?? 0) >= 6 }));
  }
  // Slowness is what a log shows when nothing failed: speed figures, depth, a partial offload.
  candidates.push(...slowCandidates(summaries.get('slowdown'), slow, facts, candidates.length > 0));
  return { signals, resource: resource ?? null, stage, located: alloc?.statedStage ?? hint.where ?? null, candidates: bestPerCategory(candidates) };
}

/**
 * The stage the stage hints name. The latest line wins: a traceback lists its frames outermost first, and a
 * run prints its steps in order, so the last hint is where the run was when it failed (on one line, the
 * rule listed first). Hints presumed from a size are kept apart.
 */
function hintedStages(hits: Map<number, FamilyHit>): { where?: FamilyStage; presumed?: FamilyStage } {
  const best: { where?: { line: number; stage: FamilyStage }; presumed?: { line: number; stage: FamilyStage } } = {};
  for (const [index, hit] of [...hits].sort((a, b) => a[0] - b[0])) {
    const rule = FAMILY_RULES[index]!;
    if (rule.signal !== 'stageHint' || !rule.stage) continue;
    const kind = rule.presumed ? 'presumed' : 'where';
    const line = Math.max(...hit.evidence.map((e) => e.line));
    if (!best[kind] || line > best[kind].line) best[kind] = { line, stage: rule.stage };
  }
  return { where: best.where?.stage, presumed: best.presumed?.stage };
}

/** The benchmark rows behind the speed ratios of flash attention (on, off) and of KV cache types (slow, fast). */
export interface SpeedLines {
  flash: Evidence[];
  kvCache: Evidence[];
}

/** Flash attention this much slower than none, even on the test where it fares best, has no real kernel here. */
const FLASH_SLOWER = 0.7;
const FLASH_SLOWER_WEIGHT = 5;
// A quantized cache costs flash attention some dequantization (a q8_0 or q4_0 cache runs within a few tens of
// per cent of f16); a type it has no kernel for is computed elsewhere (the CPU) at a fraction of the speed:
// llama.cpp#23681, Vulkan's flash attention without iq4_nl, ran pp512 at 18 % of a q4_0 cache's.
/** With flash attention on, a KV cache type this much slower than another on the same test has no kernel for it. */
const KV_CACHE_SLOWER = 0.4;

/**
 * Speed measured with flash attention on and off, on the same tests: when turning it on makes every test
 * much slower, the device has no kernel for it and runs a fallback (a scalar path, the CPU), whatever the
 * log says about it. The same holds for one KV cache type far slower than another with flash attention on:
 * flash attention has no kernel for that type here.
 */
function addFlashSlowdown(summaries: Map<FamilySignal, SignalSummary>, facts: Facts, lines: SpeedLines): void {
  const ratio = facts.flashAttentionSpeedRatio;
  if (ratio !== undefined && ratio <= FLASH_SLOWER) {
    const note = `flash attention on runs at ${Math.round(ratio * 100)} % of its speed off, even at its best`;
    addEvidence(summaryOf(summaries, 'flashAttentionRefused'), FLASH_SLOWER_WEIGHT, lines.flash.map((e) => ({ ...e, note })));
  }
  const kv = facts.kvCacheSpeedRatio;
  if (kv !== undefined && kv <= KV_CACHE_SLOWER) {
    const note = `with flash attention on, one KV cache type runs at ${Math.round(kv * 100)} % of another's speed`;
    addEvidence(summaryOf(summaries, 'flashAttentionRefused'), FLASH_SLOWER_WEIGHT, lines.kvCache.map((e) => ({ ...e, note })));
  }
}

/** What an empty listing of devices weighs as `noDevice`: as much as a runtime saying it found none. */
const EMPTY_LISTING = 6;

/**
 * A listing of devices with no device in it: the runtime looked and found none, whatever it printed under the
 * header ("(none)", nothing). Any device listed anywhere in the log (another listing, the same one cut short by
 * the scan's three lines per rule) keeps it from counting.
 */
function addEmptyListing(summaries: Map<FamilySignal, SignalSummary>, hits: Map<number, FamilyHit>): void {
  const headers: Evidence[] = [];
  for (const [index, hit] of hits) {
    const rule = FAMILY_RULES[index]!;
    if (rule.signal !== 'deviceListing') continue;
    if (rule.listing === 'device') return;
    headers.push(...hit.evidence.map((e) => ({ ...e, note: rule.note })));
  }
  if (!headers.length) return;
  addEvidence(summaryOf(summaries, 'noDevice'), EMPTY_LISTING, headers);
}

/**
 * Numbers that say memory ran out whatever the words: Metal's running total past the working set
 * (after the weights or after the KV cache), or more requested than was free.
 */
function addMemoryFacts(summaries: Map<FamilySignal, SignalSummary>, facts: Facts): void {
  const over = (after: number | undefined) => after !== undefined && facts.totalMiB !== undefined && after > facts.totalMiB;
  const stage: FamilyStage | undefined = over(facts.metalAfterKvMiB) ? 'kv' : over(facts.metalAfterWeightsMiB) ? 'weights' : undefined;
  const short = facts.requestedMiB !== undefined && facts.freeMiB !== undefined && facts.requestedMiB > facts.freeMiB;
  if (!stage && !short) return;
  const s = summaryOf(summaries, 'allocFailed');
  s.score += stage ? 5 : 2;
  if (stage) {
    s.resource ??= 'unified';
    // A Metal command buffer that fails at compute after the running total crossed the working set
    // failed because of what crossed it (the KV cache, the weights): the crossing names the stage.
    if (s.statedStage === undefined || s.statedStage === 'eval') s.statedStage = stage;
  }
}

/**
 * Memory that runs out while a prompt runs, after a KV cache that holds half the device (or more than
 * the weights) was allocated, ran out because of that cache: a shorter context is the fix, whatever
 * the backend's words for the failure (Metal's command buffer status, a pool that could not grow).
 */
function kvDominates(facts: Facts): boolean {
  const kv = facts.kvCacheMiB;
  if (kv === undefined || kv <= 0) return false;
  return (facts.totalMiB !== undefined && kv >= 0.5 * facts.totalMiB) || (facts.modelMiB !== undefined && kv >= facts.modelMiB);
}

/**
 * A GPU that holds layers, weights or compute buffers was found: words that say none was (a skipped
 * iGPU beside the one that works, a CPU runner listed among others) count for half. So do they beside
 * a CPU that met an instruction it lacks.
 */
function weighGpuAtWork(summaries: Map<FamilySignal, SignalSummary>, facts: Facts): void {
  const noDevice = summaries.get('noDevice');
  if (!noDevice) return;
  // A layer count the log states decides: none offloaded means the GPU held none, whatever sizes stand beside it (a
  // plan, as Ollama lists the weights it would have placed, or buffers kept for the CPU's layers).
  const atWork = facts.layersOffloaded !== undefined ? facts.layersOffloaded > 0 : (facts.modelMiB ?? 0) > 0 || (facts.computeMiB ?? 0) > 0;
  // A CPU that lacks an instruction is what ended the run: "no GPU found" beside it is only the setting
  // (a CPU-only machine or build), not the failure.
  const crashedOnCpu = (summaries.get('illegalInstruction')?.score ?? 0) >= FAMILY_THRESHOLD;
  if (atWork || crashedOnCpu) noDevice.score = noDevice.score / 2;
}

interface SlowSigns {
  partial: number;
  depth: number;
  words: number;
  /** Speed samples the speed readers took from tables and timing lines. */
  samples: number;
  /** The lines that showed the offload, the depth or the words, for a table that has no speed unit to match. */
  evidence: Evidence[];
  /** The log reports an error of some kind. */
  errors: boolean;
}

/** Slowness needs less than a failure: a speed table with depth or offload already says it. */
const SLOW_THRESHOLD = 3;

/**
 * Slowness: speed figures and slowness words make the family; a partial offload (in the facts or the
 * words) and speed measured against depth decide between its two categories. Beside a failure it
 * stays behind it.
 */
function slowCandidates(summary: SignalSummary | undefined, signs: SlowSigns, facts: Facts, failed: boolean): FamilyCandidate[] {
  const ratio = facts.speedRatio;
  const partial = signs.partial >= 3 || isPartial(facts);
  const depth = signs.depth >= 2 || (ratio !== undefined && ratio <= 0.8);
  // Speed figures alone are any run's timing print: slowness needs a reason to look slow as well.
  if (!partial && !depth && signs.words === 0) return [];
  // A log about an error (a crash, a refused request) that shows no speed and says nothing of slowness is
  // about that error, whatever its offload or context: its load lines are only the setting.
  if (signs.errors && signs.samples === 0 && signs.words === 0 && !summary) return [];
  const score = (summary?.score ?? 0) + signs.words + (partial ? 2 : 0) + (depth ? 2 : 0) + (signs.samples >= 2 ? 2 : 0);
  // A log that fails nothing but shows a partial offload or speed against depth is still a slowness report.
  const quiet = score < SLOW_THRESHOLD && !failed && (partial || depth);
  if (score < SLOW_THRESHOLD && !quiet) return [];
  const confidence = quiet ? 0.35 : confidenceOf(score) * (failed ? 0.6 : 1);
  const evidence = summary?.evidence.length ? summary.evidence : dedupe(signs.evidence).slice(0, EVIDENCE);
  const make = (category: Category, decidingFact: string, factor: number): FamilyCandidate => ({ category, confidence: Math.round(confidence * factor * 100) / 100, signal: 'slowdown', evidence, decidingFact, question: 'slowWhen' });
  const long = ratio !== undefined && ratio <= 0.8 ? `speed falls as the context fills (to ${Math.round(ratio * 100)} % of the start)` : 'speed is measured against the length of the context';
  const split = 'part of the model runs on the CPU, at its speed';
  if (partial && !depth) return [make('slow_partial_offload', split, 1), make('slow_long_context', 'if it slows only as the conversation grows, the context is the cause', 0.6)];
  if (depth && !partial) return [make('slow_long_context', long, 1), make('slow_partial_offload', 'if it is slow from the first message, part of the model may be on the CPU', 0.5)];
  if (partial && depth) return [make('slow_partial_offload', split, 1), make('slow_long_context', long, 0.9)];
  return [make('slow_long_context', 'speed figures are reported; the log shows neither the offload nor the depth', 0.8), make('slow_partial_offload', 'slow from the start would point to a partial offload', 0.7)];
}

/**
 * Part of the model on the CPU, by the numbers whatever the wording: fewer layers offloaded than the
 * model has, a CPU share in `ollama ps`, weight buffers in RAM beside those on the GPU that are more
 * than the token embeddings every full offload keeps there (a tenth of the model or less), or a full
 * offload that needs more than is free (read only where nothing failed: slowness stays behind a failure).
 */
function isPartial(facts: Facts): boolean {
  const layers = facts.layersOffloaded !== undefined && facts.layersTotal !== undefined && facts.layersOffloaded > 0 && facts.layersOffloaded < facts.layersTotal;
  const gpu = facts.modelMiB ?? 0;
  const cpu = facts.cpuModelMiB ?? 0;
  const weights = gpu > 0 && cpu > 1024 && cpu > 0.25 * (gpu + cpu);
  // A full offload that needs more than the GPU has free, in a log where nothing failed, is split.
  const short = facts.requestedMiB !== undefined && facts.freeMiB !== undefined && facts.requestedMiB > facts.freeMiB;
  return layers || weights || short || (facts.cpuPercent !== undefined && facts.cpuPercent > 0 && facts.cpuPercent < 100);
}

/**
 * Drops the evidence on lines that a `notAllocation` rule reads as no failure of that kind (an mlock
 * warning's "Cannot allocate memory", "if you're running out of VRAM" after any failed load, a GPU
 * kernel's "illegal instruction"), and the rules left with no line at all. A rule cancels the signal it
 * names (`cancels`), the allocation rules by default.
 */
function withoutBenignLines(hits: Map<number, FamilyHit>): Map<number, FamilyHit> {
  const benign = new Map<FamilySignal, Set<number>>();
  for (const [index, hit] of hits) {
    const rule = FAMILY_RULES[index]!;
    if (rule.signal !== 'notAllocation') continue;
    const cancelled = rule.cancels ?? 'allocFailed';
    const lines = benign.get(cancelled) ?? new Set<number>();
    benign.set(cancelled, lines);
    for (const e of hit.evidence) lines.add(e.line);
  }
  if (benign.size === 0) return hits;
  const out = new Map<number, FamilyHit>();
  for (const [index, hit] of hits) {
    const lines = benign.get(FAMILY_RULES[index]!.signal);
    if (!lines) {
      out.set(index, hit);
      continue;
    }
    const evidence = hit.evidence.filter((e) => !lines.has(e.line));
    if (evidence.length) out.set(index, { ...hit, evidence });
  }
  return out;
}

/** The summary of a signal; an empty one, kept in the map, when nothing raised the signal yet. */
function summaryOf(summaries: Map<FamilySignal, SignalSummary>, signal: FamilySignal): SignalSummary {
  let s = summaries.get(signal);
  if (!s) summaries.set(signal, (s = { score: 0, evidence: [], resource: undefined, statedStage: undefined, stageAt: undefined }));
  return s;
}

/** Raises a signal by a weight, with the lines that say so beside its own. */
function addEvidence(s: SignalSummary, weight: number, evidence: Evidence[]): void {
  s.score += weight;
  s.evidence = dedupe([...s.evidence, ...evidence]).slice(0, EVIDENCE);
}

function summarise(hits: Map<number, FamilyHit>): Map<FamilySignal, SignalSummary> {
  const out = new Map<FamilySignal, SignalSummary>();
  // Strongest rules first, so the resource and stage come from the most specific line.
  const ordered = [...hits].sort((a, b) => FAMILY_RULES[b[0]]!.weight - FAMILY_RULES[a[0]]!.weight || a[0] - b[0]);
  for (const [index, hit] of ordered) {
    const rule = FAMILY_RULES[index]!;
    const s = summaryOf(out, rule.signal);
    // Speed figures and offload words count per line (up to three): a table is stronger than one figure.
    const perLine = rule.perLine || rule.signal === 'slowdown' || rule.signal === 'partialOffload' || rule.signal === 'contextDepth' || rule.signal === 'slowWords';
    s.score += perLine ? rule.weight * Math.min(3, hit.evidence.length) : rule.weight;
    s.evidence.push(...hit.evidence.map((e) => ({ ...e, note: rule.note })));
    s.resource ??= rule.resource;
    s.statedStage ??= rule.stage;
    s.stageAt ??= hit.stageAt;
  }
  for (const s of out.values()) s.evidence = dedupe(s.evidence).slice(0, EVIDENCE);
  return out;
}

function resourceOfBackend(backend: string | undefined): Resource | undefined {
  if (backend === 'cpu') return 'ram';
  if (backend === 'metal') return 'unified';
  return backend ? 'vram' : undefined;
}

const SIMPLE: Partial<Record<FamilySignal, { category: Category; fact: string }>> = {
  noDevice: { category: 'gpu_not_detected', fact: 'the runtime found no GPU it could use, or ran on the CPU' },
  toolkitMismatch: { category: 'driver_or_toolkit_mismatch', fact: 'the GPU is there, but the driver, toolkit or build does not match it' },
  processKilled: { category: 'host_oom', fact: 'the process was killed from outside, which is what the OOM killer does when RAM runs out' },
  contextRefused: { category: 'context_exceeds_limit', fact: 'the runtime refused or cut a prompt longer than its context' },
  flashAttentionRefused: { category: 'flash_attention_unsupported', fact: 'flash attention was asked for but refused on this device or model' },
  illegalInstruction: { category: 'cpu_unsupported_instructions', fact: 'the CPU met an instruction it does not have' },
  modelFormat: { category: 'model_load_format', fact: 'the model file could not be read by this build' },
};

function candidatesOf(signal: FamilySignal, s: SignalSummary, facts: Facts, memory: { resource?: Resource; stage?: FamilyStage; stated: boolean; resourceStated: boolean }): FamilyCandidate[] {
  const confidence = confidenceOf(s.score);
  const one = (category: Category, decidingFact: string, factor = 1, question?: string): FamilyCandidate => ({
    category,
    confidence: Math.round(confidence * factor * 100) / 100,
    signal,
    evidence: s.evidence,
    decidingFact,
    ...(question ? { question } : {}),
  });
  const simple = SIMPLE[signal];
  if (simple) return [one(simple.category, simple.fact)];
  if (signal === 'kvBelowModelLength') {
    return [
      one('gpu_oom_kv_cache', "the KV cache that fits the free memory is shorter than the context asked for: more memory for the cache (or a smaller cache) keeps the length", 1, 'kvLength'),
      one('context_exceeds_limit', 'the context asked for is longer than the KV cache can hold: a shorter maximum length fits as it is', 0.9, 'kvLength'),
    ];
  }
  return allocCandidates({ ...memory, longContext: (facts.contextSize ?? 0) >= LONG_CONTEXT }, one);
}

type Make = (category: Category, decidingFact: string, factor?: number, question?: string) => FamilyCandidate;

const STAGE_CATEGORY: Record<FamilyStage, Category> = { weights: 'gpu_oom_weights', kv: 'gpu_oom_kv_cache', compute: 'gpu_oom_compute_buffer', eval: 'gpu_oom_compute_buffer' };
const STAGE_FACT: Record<FamilyStage, string> = {
  weights: 'memory ran out while the weights were being loaded',
  kv: 'memory ran out while the context (its KV cache) was being created',
  compute: 'memory ran out while the compute buffers were being reserved',
  eval: 'memory ran out while a prompt was being evaluated',
};

/** A context this long makes the KV cache the likeliest thing that did not fit when the log names no stage. */
const LONG_CONTEXT = 32768;

/** An allocation failure: the category follows the memory and the stage; when the log does not say, two stay open. */
function allocCandidates({ resource, stage, stated, resourceStated, longContext }: { resource?: Resource; stage?: FamilyStage; stated: boolean; resourceStated?: boolean; longContext?: boolean }, one: Make): FamilyCandidate[] {
  const host = resource === 'ram' || resource === 'addressSpace';
  if (host && stage !== 'kv') {
    const hostOom = { ...one('host_oom', resource === 'ram' ? 'the allocation that failed was in RAM, not on the GPU' : 'the process could not map or reserve memory'), decisive: Boolean(resourceStated) && resource === 'ram' };
    // Loading fills RAM and the GPU together: while the weights load, the GPU's memory stays a second reading.
    return stage && stage !== 'weights' ? [hostOom] : [hostOom, one('gpu_oom_weights', 'if the GPU was loading the weights, the same words can mean its memory ran out', 0.5, 'memory')];
  }
  if (stage) {
    const out = [one(STAGE_CATEGORY[stage], STAGE_FACT[stage])];
    // The stage comes from the lines before the failure, not from the failing line: the next stage stays possible.
    const next: FamilyStage = stage === 'weights' ? 'compute' : stage === 'kv' ? 'compute' : 'kv';
    if (!stated) out.push(one(STAGE_CATEGORY[next], STAGE_FACT[next], 0.6, 'stage'));
    // Loading also fills RAM (the layers kept on the CPU): a log that names no memory leaves it open.
    if (!resource && stage === 'weights') out.push(one('host_oom', 'if the layers kept on the CPU did not fit in RAM, the same words appear', 0.55, 'memory'));
    // A KV cache kept in RAM that does not fit is both: the context is too large, and RAM ran out.
    if (host && stage === 'kv') out.push(one('host_oom', 'the KV cache was in RAM: the computer ran out of memory for it', 0.6, 'memory'));
    return out;
  }
  // The order when nothing names the stage follows the dev counts (round kb14, 831 dev logs): of 38 GPU
  // out-of-memory logs with no stage in the line, no frame and no stage line before it, 29 were the weights,
  // 5 compute buffers, 2 the KV cache, 2 RAM; per wording PyTorch 14 weights / 4 compute, ggml-cuda 8 / 0
  // (2 KV, 2 RAM), Vulkan 4 / 0, others 3 / 1 (counted before PyTorch's private pools became a hint, which
  // gives 2 of the 5 compute ones a stage). Weights first is the most frequent reading.
  const out = longContext
    ? [
        one('gpu_oom_kv_cache', 'memory ran out with a long context asked for: its KV cache is the likeliest part that did not fit', 0.85, 'stage'),
        one('gpu_oom_weights', 'if it ran out while the weights loaded, the model itself does not fit', 0.75, 'stage'),
        one('gpu_oom_compute_buffer', 'if it happened when a prompt ran, the compute buffers did not fit', 0.7, 'stage'),
      ]
    : [
        one('gpu_oom_weights', 'memory ran out; the log does not say at which stage (loading the weights is the most common)', 0.85, 'stage'),
        one('gpu_oom_compute_buffer', 'memory ran out; if it happened when a prompt ran, the compute buffers did not fit', 0.75, 'stage'),
      ];
  if (!resource) out.push(one('host_oom', 'the log does not say which memory ran out: it may have been RAM', 0.55, 'memory'));
  return out;
}

function bestPerCategory(candidates: FamilyCandidate[]): FamilyCandidate[] {
  const best = new Map<Category, FamilyCandidate>();
  for (const c of candidates) {
    const seen = best.get(c.category);
    if (!seen || c.confidence > seen.confidence) best.set(c.category, c);
  }
  return [...best.values()].sort((a, b) => b.confidence - a.confidence);
}

function dedupe(evidence: Evidence[]): Evidence[] {
  const byLine = new Map<number, Evidence>();
  for (const e of evidence) if (!byLine.has(e.line)) byLine.set(e.line, e);
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}
