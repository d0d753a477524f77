import type { LlamaContextSequence, Token } from 'node-llama-cpp';

/** Timings of one prompt evaluation followed by greedy generation. */
export interface GenerationTimings {
  promptTokens: number;
  generatedTokens: number;
  /** From the first prompt token sent to the first generated token: the prompt's evaluation time. */
  timeToFirstTokenMs: number;
  /** From the first generated token to the last. */
  generationMs: number;
}

/**
 * Evaluates the prompt, then generates `count` tokens one at a time, the way llama-bench measures:
 * pp = prompt tokens / prompt time, tg = tokens generated after the first / their time. End-of-text
 * tokens do not stop it; the speed of decoding is the same whatever the token.
 */
export async function measureGeneration(sequence: LlamaContextSequence, prompt: Token[], count: number, onFirstToken: () => void): Promise<GenerationTimings> {
  const started = performance.now();
  let firstAt = 0;
  let lastAt = 0;
  let generated = 0;
  for await (const _token of sequence.evaluate(prompt)) {
    const now = performance.now();
    if (generated === 0) {
      firstAt = now;
      onFirstToken();
    }
    lastAt = now;
    if (++generated >= count) break;
  }
  return { promptTokens: prompt.length, generatedTokens: generated, timeToFirstTokenMs: firstAt - started, generationMs: lastAt - firstAt };
}
