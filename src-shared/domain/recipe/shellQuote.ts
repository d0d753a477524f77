// POSIX shell quoting for the command lines a recipe prints: words that need no quoting stay bare
// so that the common case reads like the runtimes' own docs.
const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** Quotes one word for a POSIX shell (bash, zsh, sh). */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Joins words into one command line, quoting each where needed. */
export function shellLine(words: (string | number)[]): string {
  return words.map((w) => shellQuote(String(w))).join(' ');
}
