/** What a request at the tuned context costs: the prompt that fills it and an answer of `answerTokens`. */
export interface RequestShape {
  contextSize: number;
  promptFill: number;
  answerTokens: number;
}

/**
 * Seconds for one request at this context: prompt tokens at the prompt speed plus the answer at the
 * generation speed. One number, so that a setting that trades prompt speed for generation speed is
 * judged by what the user waits for. Null when either speed is missing.
 */
export function requestSeconds(shape: RequestShape, promptTokensPerSecond: number | null, generationTokensPerSecond: number | null): number | null {
  if (!promptTokensPerSecond || !generationTokensPerSecond) return null;
  return (shape.contextSize * shape.promptFill) / promptTokensPerSecond + shape.answerTokens / generationTokensPerSecond;
}
