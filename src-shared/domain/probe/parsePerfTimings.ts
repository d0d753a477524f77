import type { LlamaCppTimings } from '../../contract/probe.js';

// llama.cpp's own counters, printed by llama_perf_context_print (as llama-server and Ollama print them):
//   llama_perf_context_print: prompt eval time =     183.92 ms /   300 tokens (    0.61 ms per token,  1631.14 tokens per second)
//   llama_perf_context_print:        eval time =      49.02 ms /    15 runs   (    3.27 ms per token,   306.00 tokens per second)
const PROMPT = /llama_perf_context_print: prompt eval time =\s*([\d.]+) ms \/\s*(\d+) tokens/;
const EVAL = /llama_perf_context_print:\s+eval time =\s*([\d.]+) ms \/\s*(\d+) runs/;

/** The last printed pair of llama.cpp's prompt and generation counters, as speeds; null when absent or empty. */
export function parsePerfTimings(lines: readonly string[]): LlamaCppTimings | null {
  const last = (re: RegExp) => {
    for (let i = lines.length - 1; i >= 0; i--) {
      const match = re.exec(lines[i]!);
      if (match) return { ms: Number(match[1]), count: Number(match[2]) };
    }
    return null;
  };
  const prompt = last(PROMPT);
  const generation = last(EVAL);
  if (!prompt && !generation) return null;
  const rate = (c: { ms: number; count: number } | null) => (c && c.ms > 0 && c.count > 0 ? c.count / (c.ms / 1000) : null);
  return { promptTokensPerSecond: rate(prompt), generationTokensPerSecond: rate(generation), generationRuns: generation?.count ?? 0 };
}
