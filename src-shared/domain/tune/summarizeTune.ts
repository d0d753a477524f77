import type { TuneBaseline, TuneCandidate, TuneSettings, TuneWinner } from '../../contract/tune.js';
import { explainWinner } from './explainWinner.js';
import { paretoFront, rankCandidates, toWinner } from './rankCandidates.js';
import { settingsKey } from './settingsKey.js';

/** The verdict of a tune so far. */
export interface TuneVerdict {
  winner: TuneWinner | null;
  runnerUp: TuneWinner | null;
  pareto: string[];
  why: string[];
  /** node-llama-cpp's defaults as measured here (averaged over their runs). */
  defaults: TuneBaseline;
}

/** The runtime's own starting point: what the search starts from and is measured against. */
export interface DefaultsSpec {
  name: string;
  settings: TuneSettings;
  note: string;
}

export const NODE_LLAMA_CPP_DEFAULTS_NOTE =
  'getLlama() + loadModel() + createContext({contextSize}) as a naive app runs it: threads max(math cores, 4) on the CPU, batch 512, flash attention auto (on where the backend supports it), f16 cache, every layer on the GPU that fits.';

/**
 * Winner, runner-up, Pareto front and the reasons, from the measured candidates. The defaults are a
 * candidate like any other, so the winner is never slower than them as measured, and a configuration
 * that failed never wins.
 */
export function summarizeTune(spec: DefaultsSpec | TuneSettings, candidates: TuneCandidate[], pruned: { settings: TuneSettings; reason: string }[]): TuneVerdict {
  const { name, settings: defaults, note } = 'settings' in spec ? spec : { name: 'node-llama-cpp-defaults', settings: spec, note: NODE_LLAMA_CPP_DEFAULTS_NOTE };
  const ranked = rankCandidates(candidates);
  const defaultsKey = settingsKey(defaults);
  const measuredDefaults = ranked.find((m) => m.key === defaultsKey) ?? null;
  const firstDefaults = candidates.find((c) => settingsKey(c.settings) === defaultsKey) ?? null;
  const winner = ranked[0] ?? null;
  return {
    winner: winner && toWinner(winner),
    runnerUp: ranked[1] ? toWinner(ranked[1]) : null,
    pareto: paretoFront(ranked),
    why: winner ? explainWinner(winner, measuredDefaults, candidates, pruned, name) : [],
    defaults: {
      name,
      settings: defaults,
      outcome: measuredDefaults ? 'ok' : (firstDefaults?.outcome ?? 'not_run'),
      promptTokensPerSecond: measuredDefaults?.promptTokensPerSecond ?? null,
      generationTokensPerSecond: measuredDefaults?.generationTokensPerSecond ?? null,
      requestSeconds: measuredDefaults?.requestSeconds ?? null,
      stepId: (measuredDefaults?.first ?? firstDefaults)?.stepId ?? null,
      note,
    },
  };
}
