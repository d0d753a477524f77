import type { TuneCandidate, TuneWinner } from '../../contract/tune.js';
import { settingsKey } from './settingsKey.js';

/** The passing measurements of one configuration, averaged. */
export interface Measured {
  key: string;
  /** The first passing step of these settings (what the recipe cites). */
  first: TuneCandidate;
  runs: number;
  promptTokensPerSecond: number;
  generationTokensPerSecond: number;
  requestSeconds: number;
}

/** Passing candidates grouped by settings and averaged, fastest request first. */
export function rankCandidates(candidates: TuneCandidate[]): Measured[] {
  const groups = new Map<string, TuneCandidate[]>();
  for (const c of candidates) {
    if (c.outcome !== 'ok' || c.requestSeconds === null || !c.promptTokensPerSecond || !c.generationTokensPerSecond) continue;
    const key = settingsKey(c.settings);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [...groups.entries()]
    .map(([key, runs]) => ({
      key,
      first: runs[0]!,
      runs: runs.length,
      promptTokensPerSecond: mean(runs.map((r) => r.promptTokensPerSecond!)),
      generationTokensPerSecond: mean(runs.map((r) => r.generationTokensPerSecond!)),
      requestSeconds: mean(runs.map((r) => r.requestSeconds!)),
    }))
    .sort((a, b) => a.requestSeconds - b.requestSeconds);
}

export function toWinner(m: Measured): TuneWinner {
  return {
    settings: m.first.settings,
    promptTokensPerSecond: m.promptTokensPerSecond,
    generationTokensPerSecond: m.generationTokensPerSecond,
    requestSeconds: m.requestSeconds,
    stepId: m.first.stepId,
    runs: m.runs,
  };
}

/** Step ids of the configurations no other beats on both prompt and generation speed. */
export function paretoFront(ranked: Measured[]): string[] {
  return ranked
    .filter((m) => !ranked.some((o) => o !== m && o.promptTokensPerSecond >= m.promptTokensPerSecond && o.generationTokensPerSecond >= m.generationTokensPerSecond && (o.promptTokensPerSecond > m.promptTokensPerSecond || o.generationTokensPerSecond > m.generationTokensPerSecond)))
    .map((m) => m.first.stepId);
}
