import { expect, it } from 'vitest';
import { parsePerfTimings } from '../../src-shared/domain/probe/parsePerfTimings';

// As node-llama-cpp 3.22.1's llama.cpp (v0.5.0) printed them in a probe step: a reset after the warm-up, then the measurement.
const PRINTED = [
  'llama_perf_context_print:        load time =       0.00 ms',
  'llama_perf_context_print: prompt eval time =      96.10 ms /   257 tokens (    0.37 ms per token,  2674.30 tokens per second)',
  'llama_perf_context_print:        eval time =       0.00 ms /     1 runs   (    0.00 ms per token,      inf tokens per second)',
  'llama_perf_context_print:        load time =       0.00 ms',
  'llama_perf_context_print: prompt eval time =     183.92 ms /   300 tokens (    0.61 ms per token,  1631.14 tokens per second)',
  'llama_perf_context_print:        eval time =      49.02 ms /    15 runs   (    3.27 ms per token,   306.00 tokens per second)',
  'llama_perf_context_print:       total time =     233.10 ms /   315 tokens',
];

it('reads the last printed counters as speeds', () => {
  const t = parsePerfTimings(PRINTED)!;
  expect(t.promptTokensPerSecond).toBeCloseTo(300 / 0.18392, 3);
  expect(t.generationTokensPerSecond).toBeCloseTo(15 / 0.04902, 3);
  expect(t.generationRuns).toBe(15);
});

it('is null without counters, and a counter with no time gives no speed', () => {
  expect(parsePerfTimings(['llama_context: n_ctx = 512'])).toBeNull();
  expect(parsePerfTimings(PRINTED.slice(0, 3))).toEqual({ promptTokensPerSecond: expect.closeTo(257 / 0.0961, 6), generationTokensPerSecond: null, generationRuns: 1 });
});
