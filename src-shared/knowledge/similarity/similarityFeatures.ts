// The words a similarity model reads: lower-cased words of letters (digits folded to 0, so sizes and
// line numbers do not split a word into many), and each pair of neighbouring words. Only the head and
// the tail of a long log are read, which keeps the cost constant on a 20 MB paste: the failure is
// nearly always at the end, and the runtime and device are named at the start.

const HEAD = 16 * 1024;
const TAIL = 64 * 1024;
// A word starts with a letter, so "__proto__" and its kind never become keys of the model.
const WORD = /[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*/g;
const MAX_WORD = 40;

/** The distinct features of a log (each counted once, as the model is trained). */
export function similarityFeatures(text: string): Set<string> {
  const part = text.length <= HEAD + TAIL ? text : `${text.slice(0, HEAD)}\n${text.slice(-TAIL)}`;
  const features = new Set<string>();
  for (const line of part.toLowerCase().split('\n')) {
    let previous: string | null = null;
    for (const m of line.matchAll(WORD)) {
      const word = m[0].replace(/[0-9]+/g, '0');
      if (word.length < 2 || word.length > MAX_WORD) {
        previous = null;
        continue;
      }
      features.add(word);
      if (previous) features.add(`${previous} ${word}`);
      previous = word;
    }
  }
  return features;
}
