// A log pasted as a JSON or Python string (an API's error reply, a log shipper's record, the repr()
// of an exception) carries its line breaks as the two characters `\n`: one line to the scanner, so
// the stage lines before a failure, tracebacks and speed tables lose their order and their shape.
// When escaped breaks are more than twice the real ones (JSON-lines records, one escaped break per
// record, stay as they are), the escapes are read back, left to right, so that an
// escaped backslash stays one (`C:\\new` is `C:\new`, not a break). A backslash that starts no
// escape (`C:\Users\nick`) says the text was never escaped: its `\n` are a Windows path's. The
// diagnosis and the Diagnose screen both read the log through this, so their line numbers agree.

const MIN_ESCAPED_BREAKS = 3;
/** A log with this many real lines was pasted as lines: it is not searched for escapes (a 20 MB log stays one pass cheaper). */
const REAL_LINES = 1000;
// Each backslash with what follows it, read in pairs (`\\\\m` is an escaped backslash, then `m`); group 1
// catches a backslash that starts no escape a JSON or Python string can hold.
const ANY_ESCAPE = /\\(?:r\\n|[\\nrt"/bf]|u[0-9a-fA-F]{4}|([^]?))/g;
const REPLACEMENT: Record<string, string> = { '\\\\': '\\', '\\n': '\n', '\\r\\n': '\n', '\\r': '\n', '\\t': '\t', '\\"': '"', '\\/': '/' };

/** The log with its escaped line breaks made real, when it was pasted as an escaped string; else the same text. */
export function unescapeLog(text: string): string {
  const real = countUpTo(text, '\n', REAL_LINES);
  if (real >= REAL_LINES) return text;
  const escaped = countUpTo(text, '\\n', Infinity);
  if (escaped < MIN_ESCAPED_BREAKS || 2 * real >= escaped) return text;
  // One pass reads the escapes back and checks them; one that is not an escape means the text never was.
  let escapedString = true;
  const read = text.replace(ANY_ESCAPE, (pair: string, stray: string | undefined) => {
    if (stray !== undefined) escapedString = false;
    return REPLACEMENT[pair] ?? pair;
  });
  return escapedString ? read : text;
}

/** Occurrences of `needle` in `text`, counting stops at `limit`. */
function countUpTo(text: string, needle: string, limit: number): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1 && n < limit; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}
