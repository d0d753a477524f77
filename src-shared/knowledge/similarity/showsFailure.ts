import type { FamilySignal } from '../familyRules.js';

// Why a gate at all: most logs of no failure we cover (labelled `unknown`) hold no family signal (57
// of the dev split's 67), yet the model read some with confidence and its guess became the diagnosis:
// a healthy llama.cpp load with its timings as a partial offload (0.75), a server start that names
// flash attention as flash attention refused (0.70), an Ollama "looking for compatible GPUs" line as a
// partial offload (0.46), failures of kinds we do not cover (a missing DLL, a CLI parse error) at
// 0.87–0.99. Dev split, leave-thread-out with fold models (705 logs) and the first-contact simulation
// (530 logs), tests/bench/similarityFolds.ts; top-1 / top-3 / failures left unknown / logs labelled
// `unknown` given a category:
//   no gate (before)                       LTO 93.9 / 96.6 / 1.9 % / 6 of 67   sim 79.2 / 90.6 / 10.2 % / 8 of 60
//   a candidate or any family signal       LTO 93.8 / 97.0 / 3.1 % / 2         sim 79.2 / 90.9 / 11.5 % / 5
//   a candidate or a family signal of 2+   LTO 93.8 / 96.9 / 3.8 % / 1         sim 79.4 / 90.8 / 12.1 % / 4
//   a candidate or a family signal of 3+   LTO 93.5 / 96.9 / 4.1 % / 1         sim 79.4 / 90.8 / 12.1 % / 4
//   failure words (error, fail, slow, t/s…) LTO 93.2 / 96.5 / 3.0 % / 6        sim 75.7 / 90.2 / 15.3 % / 8
//   no gate, a lead only from 0.6          LTO 93.6 / 96.6 / 2.8 % / 5         sim 76.6 / 90.6 / 14.7 % / 7
//   no gate, from 0.6 below 600 characters LTO 93.8 / 96.7 / 2.5 % / 5         sim 77.4 / 90.8 / 13.6 % / 7
//   no gate, `unknown` logs trained twice  LTO 93.9 / 96.7 / 1.9 % / 6         sim 78.9 / 90.8 / 10.6 % / 8
// (4 of the simulation's 8 come from the recorded signatures: the model cannot undo them.) Failure
// words do not separate: nearly every log labelled `unknown` has one, and many failures (flash
// attention silently off, an empty device list) have none. The level is 3, not 2, although 2 kept
// two more dev logs right: rules of weight 2 are hints a healthy run prints too ("n_ctx_per_seq <
// n_ctx_train", flash attention named, two speed figures), and at 2 the healthy load and server
// start above were still given a category. A failure left `unknown` still gets the categories it
// reads like as resemblances, which is why top-3 rose.
/** A family signal this strong (summed rule weights) lets the similarity model's guess lead. */
export const SIMILARITY_LEAD_SIGNAL = 3;

/**
 * Whether a log shows a failure of a kind we cover, so the similarity model's guess may lead: an
 * entry or family found a candidate (however unsure), or a family signal is at least
 * {@link SIMILARITY_LEAD_SIGNAL} (below the level where the family names a category itself). Else
 * the guess is offered as a resemblance at most, and the log stays `unknown`.
 */
export function showsFailure(candidatesFound: number, signals: Partial<Record<FamilySignal, number>>): boolean {
  return candidatesFound > 0 || Object.values(signals).some((score) => (score ?? 0) >= SIMILARITY_LEAD_SIGNAL);
}
