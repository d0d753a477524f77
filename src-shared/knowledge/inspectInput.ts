import { LogInputError } from './LogInputError.js';

const SAMPLE = 64 * 1024;

/**
 * Refuses what is not a text log, with an answer the user can act on: an empty paste, a GGUF
 * or other binary file (NUL bytes, mostly control characters or undecodable bytes).
 */
export function assertReadableLog(text: string): void {
  if (text.trim() === '') {
    throw new LogInputError('empty_log', 'The log is empty.', 'Paste the output of the failing run (the last few hundred lines are enough), or give a log file that has text in it.');
  }
  if (text.startsWith('GGUF')) {
    throw new LogInputError('binary_log', 'This is a GGUF model file, not a log.', 'Give the text your runtime printed when it failed (its console output or server log), not the model.');
  }
  const sample = text.slice(0, SAMPLE);
  let suspicious = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return binary();
    // Control characters other than tab, newlines and escape, and U+FFFD from undecodable bytes.
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 27) || c === 0xfffd) suspicious++;
  }
  if (suspicious > sample.length * 0.1) binary();
}

function binary(): never {
  throw new LogInputError('binary_log', 'This looks like binary data, not a text log.', 'Give the text your runtime printed (console output, `journalctl -u ollama`, llama-server\'s stderr), saved as plain text.');
}
