import { LogInputError } from './LogInputError.js';

const SAMPLE = 64 * 1024;

/**
 * Refuses what is not a text log, with an answer the user can act on: an empty paste, a GGUF
 * or other binary file (many NUL bytes or control characters), or text in an encoding that was not
 * decoded (mostly undecodable characters).
 */
export function assertReadableLog(text: string): void {
  if (text.trim() === '') {
    throw new LogInputError('empty_log', 'The log is empty.', 'Paste the output of the failing run (the last few hundred lines are enough), or give a log file that has text in it.');
  }
  // A GGUF file starts with its magic and then a little-endian version number (3: bytes 03 00 00 00);
  // a log may start with the word ("GGUF size: 0.1 GB", as Unsloth Studio prints before llama-server).
  if (/^GGUF[\0-\x08]/.test(text)) {
    throw new LogInputError('binary_log', 'This is a GGUF model file, not a log.', 'Give the text your runtime printed when it failed (its console output or server log), not the model.');
  }
  const sample = text.slice(0, SAMPLE);
  let control = 0;
  let nuls = 0;
  let undecodable = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) nuls++;
    // Control characters other than tab, newlines and escape.
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 27) control++;
    if (c === 0xfffd) undecodable++;
  }
  // A stray NUL happens in real logs (a torn write, a terminal reset); binary files have them everywhere.
  // Compressed or random bytes decode to ~11 % control characters (and ~44 % U+FFFD). Replacement
  // characters alone are text whose other-language words were lost on the way (a Windows console's
  // Korean or Chinese message pasted into a thread, a cp1252 log's umlauts): the rest can be read.
  if (nuls > Math.max(8, sample.length * 0.01) || control > sample.length * 0.08) binary();
  if (undecodable > sample.length * 0.4) {
    throw new LogInputError('undecodable_log', 'Most of this log could not be decoded: it is not UTF-8 text.', 'Save the log as UTF-8 (in Notepad: Save As, Encoding UTF-8; or `iconv -f GBK -t UTF-8`) and paste or give it again.');
  }
}

/**
 * A log file's bytes as text: UTF-8 unless a byte-order mark or the pattern of zero bytes says UTF-16
 * (PowerShell's `>` writes UTF-16LE), so that such a log is read rather than refused as binary.
 */
export function decodeLogBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const utf16 = utf16Order(bytes.subarray(0, 4096));
  return new TextDecoder(utf16 ?? 'utf-8').decode(bytes);
}

/** UTF-16 without a mark: ASCII text puts a zero in every other byte, odd ones for LE, even ones for BE. */
function utf16Order(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (head.length < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] !== 0) continue;
    if (i % 2 === 0) evenZeros++;
    else oddZeros++;
  }
  const half = head.length / 2;
  if (oddZeros > half * 0.6 && evenZeros < half * 0.05) return 'utf-16le';
  if (evenZeros > half * 0.6 && oddZeros < half * 0.05) return 'utf-16be';
  return null;
}

function binary(): never {
  throw new LogInputError('binary_log', 'This looks like binary data, not a text log.', 'Give the text your runtime printed (console output, `journalctl -u ollama`, llama-server\'s stderr), saved as plain text.');
}
