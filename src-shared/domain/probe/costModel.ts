import type { StepConfig, StepResult } from '../../contract/probe.js';

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
  /** How many steps the figures come from. */
  steps: number;
}

/** Until a second depth is measured, attention is assumed to double a token's cost at this depth (measured on CPUs: 3–6k). */
const PRIOR_DOUBLING_DEPTH = 4096;
/** Until a `copy` step has run: writing and loading one cell (tens of KiB on disk-free memory). */
const PRIOR_FILL_MS_PER_CELL = 0.02;

export function costModel(steps: readonly StepResult[]): CostModel {
  const ok = steps.filter((s) => s.outcome === 'ok');
  const fixed = ok.map((s) => (s.loadTimeMs ?? 0) + (s.contextCreateMs ?? 0)).filter((v) => v > 0);
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
  const promptLine = line(prompt);
  const generateLine = line(generate);
  return {
    fixedMs: fixed.length ? median(fixed) : null,
    prompt: promptLine,
    generate: generateLine && !generateLine.kMeasured && promptLine?.kMeasured ? sameAttention(generate, promptLine.k) : generateLine,
    fillMsPerCell: fills.length ? median(fills.map((s) => s.fillMs! / s.depth!)) : PRIOR_FILL_MS_PER_CELL,
    steps: ok.length,
  };
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

function line(points: Point[]): { a: number; k: number; kMeasured: boolean } | null {
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

/**
 * A generated token attends over the cache as a prompt token does: the same work per cell. Until generation is
 * measured at two depths, its depth cost is the prompt's and only its fixed part comes from its own points.
 */
function sameAttention(points: Point[], k: number): { a: number; k: number; kMeasured: boolean } {
  return { a: Math.max(0, median(points.map((p) => p.y - k * p.x))), k, kMeasured: false };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
