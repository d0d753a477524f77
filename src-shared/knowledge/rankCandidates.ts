import type { Candidate, Match } from './Diagnosis.js';

const MAX_CANDIDATES = 3;

/**
 * Up to three candidates of distinct categories from the ranked matches: each category is
 * represented by its best entry. The deciding fact is that entry's strongest evidence line.
 */
export function rankCandidates(matches: Match[]): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const match of matches) {
    if (seen.has(match.category) || candidates.length === MAX_CANDIDATES) continue;
    seen.add(match.category);
    candidates.push({
      category: match.category,
      confidence: match.confidence,
      basis: 'entry',
      entryId: match.id,
      title: match.title,
      evidence: match.evidence,
      decidingFact: match.evidence[0]?.note ?? match.evidence[0]?.text ?? match.title,
    });
  }
  return candidates;
}

/** What to paste when nothing in the log explains the failure. */
export const UNKNOWN_NEXT_STEPS = [
  'Paste the lines around the first error or warning, not only the last lines: the cause is usually printed before the crash.',
  'Include the load summary: the lines that name the device, the layers offloaded and the context size (llama.cpp prints them as llm_load_tensors / load_tensors / llama_context; Ollama as "offloaded N/M layers").',
  'Start the runtime with more logging if it printed nothing (llama.cpp: -v; Ollama: OLLAMA_DEBUG=1) and run the failing request again.',
];
