import type { LlamaContext, LlamaContextSequence, Token } from 'node-llama-cpp';
import type { StepPhase } from '../../src-shared/contract/probe.js';

/** Timings of one prompt evaluation followed by greedy generation. */
export interface GenerationTimings {
  promptTokens: number;
  generatedTokens: number;
  /** From the first prompt token sent to the first generated token: the prompt's evaluation time. */
  timeToFirstTokenMs: number;
  /** From the first generated token to the last. */
  generationMs: number;
}

/** Where the evaluation is, after every batch and generated token (for the live progress row). */
export type OnProgress = (phase: StepPhase, done: number, total: number) => void;

/** Options of {@link measureGeneration}. */
export interface MeasureOptions {
  /** Called once, when the first token is generated (the prompt is done). */
  onFirstToken: () => void;
  onProgress: OnProgress;
}

/**
 * Evaluates the prompt, then generates `count` tokens one at a time, the way llama-bench measures:
 * pp = prompt tokens / prompt time, tg = tokens generated after the first / their time. End-of-text
 * tokens do not stop it; the speed of decoding is the same whatever the token. The prompt goes in one batch
 * at a time so that progress is known between batches (llama.cpp splits it into the same batches anyway).
 * llama.cpp's own timers (the context needs `performanceTracking`) are reset before and printed after, so
 * the last printed counters cover exactly the measured prompt and generation.
 */
export async function measureGeneration(context: LlamaContext, sequence: LlamaContextSequence, prompt: Token[], count: number, options: MeasureOptions): Promise<GenerationTimings> {
  await context.printTimings();
  const batch = context.batchSize;
  const started = performance.now();
  for (let at = 0; at + batch < prompt.length; at += batch) {
    options.onProgress('prompt', at, prompt.length);
    await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(at, at + batch));
    options.onProgress('prompt', at + batch, prompt.length);
  }
  const lastStart = Math.floor((prompt.length - 1) / batch) * batch;
  const last = prompt.slice(lastStart);
  options.onProgress('prompt', lastStart, prompt.length);
  let firstAt = 0;
  let lastAt = 0;
  let generated = 0;
  for await (const _token of sequence.evaluate(last)) {
    const now = performance.now();
    if (generated === 0) {
      firstAt = now;
      options.onFirstToken();
    }
    lastAt = now;
    options.onProgress('generate', ++generated, count);
    if (generated >= count) break;
  }
  await context.printTimings();
  return { promptTokens: prompt.length, generatedTokens: generated, timeToFirstTokenMs: firstAt - started, generationMs: lastAt - firstAt };
}

/**
 * One batch evaluated and then cleared, untimed as llama-bench's warm-up is (first-touch costs: mapped weights
 * paging in, buffers faulting), but its speed is returned: the cost model's first figure for the machine.
 */
export async function warmUp(sequence: LlamaContextSequence, tokens: Token[]): Promise<number> {
  const started = performance.now();
  await sequence.evaluateWithoutGeneratingNewTokens(tokens);
  const seconds = (performance.now() - started) / 1000;
  await sequence.clearHistory();
  return tokens.length / seconds;
}
