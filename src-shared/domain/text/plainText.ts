// ANSI escape sequences (CSI and OSC), then any other control character or bidirectional override.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g;
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A string from a file (a GGUF's `general.name`) made safe to print and to write into a recipe: escape
 * sequences removed, other control characters (a newline would start a Modelfile directive) turned into
 * spaces, runs of space folded, and the length capped. Defaults to 200 characters.
 */
export function plainText(text: string, maxLength = 200): string {
  const cleaned = text.replace(ANSI, '').replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.length > maxLength ? `${cleaned.slice(0, maxLength - 1)}…` : cleaned;
}
