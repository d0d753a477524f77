// The words a similarity model reads: lower-cased words of letters (digits folded to 0, so sizes and
// line numbers do not split a word into many), each pair of neighbouring words, and each distinct
// word's character 4-grams (marked `#`, the word framed by < >). The 4-grams let a reworded or
// differently joined identifier (cudaMalloc, cuda_malloc_async; libcuda.so.0, libcudart.so.0) share
// most of its features with one the model learned. Leave-thread-out on the dev split (530 logs,
// tests/bench/similarityFolds.ts) the model alone went from 71.5 to 74.2 % top-1 (89.2 → 90.0 % top-3)
// with them and a stronger L2 penalty; word sub-parts, extra features for the lines at the first error
// or the last lines, 3- or 5-grams, class weights and length normalisation did no better. Only the
// head and the tail of a long log are read, which keeps the cost constant on a 20 MB paste: the
// failure is nearly always at the end, and the runtime and device are named at the start.

const HEAD = 16 * 1024;
const TAIL = 64 * 1024;
// A word starts with a letter, so "__proto__" and its kind never become keys of the model.
const WORD = /[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*/g;
const MAX_WORD = 40;
const GRAM = 4;

/** The distinct features of a log (each counted once, as the model is trained). */
export function similarityFeatures(text: string): Set<string> {
  const part = text.length <= HEAD + TAIL ? text : `${text.slice(0, HEAD)}\n${text.slice(-TAIL)}`;
  const features = new Set<string>();
  const words = new Set<string>();
  for (const line of part.toLowerCase().split('\n')) {
    let previous: string | null = null;
    for (const m of line.matchAll(WORD)) {
      const word = m[0].replace(/[0-9]+/g, '0');
      if (word.length < 2 || word.length > MAX_WORD) {
        previous = null;
        continue;
      }
      features.add(word);
      words.add(word);
      if (previous) features.add(`${previous} ${word}`);
      previous = word;
    }
  }
  for (const word of words) {
    const framed = `<${word}>`;
    for (let i = 0; i + GRAM <= framed.length; i++) features.add(`#${framed.slice(i, i + GRAM)}`);
  }
  return features;
}
