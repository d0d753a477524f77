import type { RenderedValue } from '../../contract/recipe.js';

/** A stretch of rendered text; `value` is set on a number the renderer logged. */
export interface TextSegment {
  text: string;
  value?: RenderedValue;
}

/** A standalone number: not part of a word, a path, a version or an address. */
export const NUMBER_TOKEN = /(?<![\w.-])\d+(?:\.\d+)?(?![\w.])/g;

/**
 * Splits rendered text into plain stretches and the numbers the renderer logged, so a UI (or the
 * HTML report) can show where each number came from on hover.
 */
export function annotateNumbers(text: string, values: RenderedValue[]): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(NUMBER_TOKEN)) {
    const value = values.find((v) => v.text === match[0]);
    if (!value) continue;
    if (match.index > last) segments.push({ text: text.slice(last, match.index) });
    segments.push({ text: match[0], value });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}
