import type { LlamaContext, LlamaContextSequence, Token } from 'node-llama-cpp';

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
 * tokens do not stop it; the speed of decoding is the same whatever the token. Like llama-bench, it
 * first warms up (one batch of the prompt and one generated token, untimed, then cleared), so that
 * first-touch costs (mapped weights paging in, buffers faulting) are not counted as speed.
 * llama.cpp's own timers (the context needs `performanceTracking`) are reset after the warm-up and
 * printed at the end, so the last printed counters cover exactly the measured prompt and generation.
 */
export async function measureGeneration(context: LlamaContext, prompt: Token[], count: number, onFirstToken: () => void): Promise<GenerationTimings> {
  const sequence = context.getSequence();
  await warmUp(sequence, prompt.slice(0, Math.min(context.batchSize, prompt.length)));
  await context.printTimings();
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
  await context.printTimings();
  return { promptTokens: prompt.length, generatedTokens: generated, timeToFirstTokenMs: firstAt - started, generationMs: lastAt - firstAt };
}

async function warmUp(sequence: LlamaContextSequence, tokens: Token[]): Promise<void> {
  for await (const _token of sequence.evaluate(tokens)) break;
  await sequence.clearHistory();
}
