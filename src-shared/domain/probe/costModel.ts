import type { SpeedPrior, SpeedSource, StepConfig, StepResult } from '../../contract/probe.js';

/**
 * What a step costs on this machine, from the steps measured so far: a fixed part (load, context), seconds per
 * prompt token as a line in the depth the token attends over (attention grows with depth), the same for each
 * generated token, and the time a `copy` step takes per filled cell. Null parts have not been measured yet.
 */
export interface CostModel {
  fixedMs: number | null;
  /** Seconds per prompt token at depth d: `a + k·d`. */
  prompt: { a: number; k: number; kMeasured: boolean } | null;
  /** Seconds per generated token at depth d. */
  generate: { a: number; k: number } | null;
  fillMsPerCell: number;
  /** This probe measured the line at DEEP_DEPTH or beyond (its slope is then its own far out). */
  deep: { prompt: boolean; generate: boolean };
  /** A `copy` step measured `fillMsPerCell` (else it is the prior's). */
  fillMeasured: boolean;
  /** How many steps the figures come from. */
  steps: number;
  /** Where the prompt figure comes from: this probe's steps, or the plan's prior; null: nowhere yet. */
  source: SpeedSource | null;
}

/** Until a second depth is measured, attention is assumed to double a token's cost at this depth (measured on CPUs: 3–6k). */
const PRIOR_DOUBLING_DEPTH = 4096;
/** Until a `copy` step has run: writing and loading one cell (tens of KiB on disk-free memory). */
const PRIOR_FILL_MS_PER_CELL = 0.02;

/**
 * The cost model from this probe's steps; what they have not measured yet comes from the prior (the machine's
 * speed record or the rough prior), so the first step is predicted too.
 */
export function costModel(steps: readonly StepResult[], prior: SpeedPrior | null = null): CostModel {
  const ok = steps.filter((s) => s.outcome === 'ok');
  // Everything but evaluation: spawn, load, context, the worker's own start and end.
  const fixed = ok.map(outsideEvaluationMs).filter((v): v is number => v !== null && v > 0);
  const prompt: Point[] = [];
  const generate: Point[] = [];
  for (const s of ok) {
    const batch = Math.min(s.batchSize, s.promptTokens || s.batchSize);
    if (s.shallowPromptTokensPerSecond) prompt.push({ x: batch / 2, y: 1 / s.shallowPromptTokensPerSecond });
    const start = (s.fill ?? 'prompt') === 'prompt' ? 0 : (s.depth ?? 0);
    if (s.promptTokensPerSecond) prompt.push({ x: start + s.promptTokens / 2, y: 1 / s.promptTokensPerSecond });
    if (s.generationTokensPerSecond) generate.push({ x: start + s.promptTokens, y: 1 / s.generationTokensPerSecond });
  }
  const fills = ok.filter((s) => s.fillMs !== null && s.depth);
  const priorDepth = prior?.depthMeasured ? prior : null;
  const measuredPrompt = deepen(line(prompt), prompt, priorDepth?.prompt ?? null, null);
  const promptLine = measuredPrompt ?? (prior && { ...prior.prompt, kMeasured: prior.depthMeasured });
  // Without a measured depth cost for generation, it is a multiple of the prompt's (see GENERATE_DEPTH_RATIO).
  const generateFloor = !priorDepth && promptLine ? promptLine.k * GENERATE_DEPTH_RATIO : null;
  const generateFit = line(generate);
  const generateLine = generateFit && !generateFit.kMeasured && generateFloor !== null ? sameAttention(generate, generateFloor) : deepen(generateFit, generate, priorDepth?.generate ?? null, generateFloor);
  return {
    fixedMs: fixed.length ? median(fixed) : (prior?.fixedMs ?? null),
    prompt: promptLine,
    generate: generateLine ?? prior?.generate ?? null,
    fillMsPerCell: fills.length ? median(fills.map((s) => s.fillMs! / s.depth!)) : (prior?.fillMsPerCell ?? PRIOR_FILL_MS_PER_CELL),
    fillMeasured: fills.length > 0,
    deep: { prompt: reaches(prompt), generate: reaches(generate) },
    steps: ok.length,
    source: measuredPrompt ? 'measured' : (prior?.source ?? null),
  };
}

/** A step's time outside evaluation (its duration less prompt, fill and generation); null where speeds are missing. */
function outsideEvaluationMs(s: StepResult): number | null {
  if (!s.promptTokensPerSecond || !s.promptTokens) return null;
  const batch = Math.min(s.batchSize, s.promptTokens);
  // A `none` step's only batch is its shallow one: counted once.
  const shallow = s.shallowPromptTokensPerSecond && s.fill !== 'none' ? batch / s.shallowPromptTokensPerSecond : 0;
  const generate = s.generationTokensPerSecond && s.generatedTokens ? s.generatedTokens / s.generationTokensPerSecond : 0;
  return s.durationMs - (shallow + s.promptTokens / s.promptTokensPerSecond + generate) * 1000 - (s.fillMs ?? 0);
}

/** A step's predicted duration in ms; null while the machine's prompt speed is unknown. */
export function predictStepMs(model: CostModel, config: StepConfig): number | null {
  if (!model.prompt) return null;
  const p = (tokens: number, from: number) => tokens * (model.prompt!.a + model.prompt!.k * (from + tokens / 2));
  const gen = model.generate ?? { a: model.prompt.a * 8, k: model.prompt.k };
  const g = (tokens: number, depth: number) => tokens * (gen.a + gen.k * depth);
  const batch = config.batchSize;
  const tokens = config.generateTokens;
  let seconds: number;
  switch (config.fill ?? 'prompt') {
    case 'none':
      seconds = p(batch, 0) + g(tokens, batch);
      break;
    case 'copy': {
      const depth = Math.max(0, config.contextSize - batch - tokens);
      seconds = p(batch, 0) + (depth * model.fillMsPerCell) / 1000 + p(batch, depth) + g(tokens, depth + batch);
      break;
    }
    default: {
      const fill = Math.floor(config.contextSize * config.promptFill);
      seconds = p(Math.min(batch, fill), 0) + p(fill, 0) + g(tokens, fill);
    }
  }
  return (model.fixedMs ?? 3000) + seconds * 1000;
}

interface Point {
  x: number;
  y: number;
}

/**
 * Points that stop short of this depth say little about the slope far beyond it (caches stop holding the K/V,
 * generation turns memory bound): the slope is then at least the record's or the stated floor.
 */
const DEEP_DEPTH = 16_384;
/**
 * A generated token attends alone, reading the whole cache, where a prompt token shares the read with its batch:
 * measured on this project's 2-vCPU machine at 64k depth (FA on), a generated token's depth cost was about 40 times
 * a prompt token's. Twenty is the floor until generation is measured deep, here or in the machine's record.
 */
export const GENERATE_DEPTH_RATIO = 20;

const reaches = (points: Point[]) => points.some((p) => p.x >= DEEP_DEPTH);

function deepen(fit: Line | null, points: Point[], priorLine: { a: number; k: number } | null, floorK: number | null): Line | null {
  if (!fit || reaches(points)) return fit;
  // The record saw this machine deep: its shape (the line `a + k·d`) beats a slope from shallow points, which a
  // shared machine's load swings from step to step; only the level (a scale through these points) is this probe's.
  if (priorLine && priorLine.a > 0) {
    const scale = median(points.map((p) => p.y / (priorLine.a + priorLine.k * p.x)));
    return { a: scale * priorLine.a, k: scale * priorLine.k, kMeasured: true };
  }
  return { a: fit.a, k: Math.max(fit.k, floorK ?? 0), kMeasured: fit.kMeasured };
}

type Line = { a: number; k: number; kMeasured: boolean };

/** A line through the points; with one depth only, its slope is assumed (PRIOR_DOUBLING_DEPTH) until deepened. */
function line(points: Point[]): Line | null {
  if (!points.length) return null;
  const xs = new Set(points.map((p) => Math.round(p.x / 256)));
  if (xs.size >= 2) {
    const n = points.length;
    const mx = points.reduce((s, p) => s + p.x, 0) / n;
    const my = points.reduce((s, p) => s + p.y, 0) / n;
    const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
    const k = Math.max(0, points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx);
    const a = Math.max(my - k * mx, Math.min(...points.map((p) => p.y)) * 0.5);
    return { a, k, kMeasured: true };
  }
  const a = median(points.map((p) => p.y));
  return { a, k: a / PRIOR_DOUBLING_DEPTH, kMeasured: false };
}

/** Generation measured at one depth: its fixed part from its points, its depth cost `k` given. */
function sameAttention(points: Point[], k: number): Line {
  return { a: Math.max(0.5 * Math.min(...points.map((p) => p.y)), median(points.map((p) => p.y - k * p.x))), k, kMeasured: false };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
