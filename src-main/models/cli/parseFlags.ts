import { UsageError } from '../../headless/UsageError.js';

/** A positive integer flag, or undefined when absent; anything else is a usage error naming the flag. */
export function intFlag(values: Record<string, unknown>, name: string, usage: string, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = typeof raw === 'string' ? decimalInteger(raw) : null;
  if (n === null || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be a whole number ${range}, got "${String(raw)}".`, `Pass --${name} with a whole number ${range}. Usage: headroom ${usage}`);
  }
  return n;
}

/** A whole number written in decimal digits (Number() also takes `0x200`, `1e3` and ` `), or null. */
export function decimalInteger(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

const NON_DECIMAL = /^\s*[+-]?0(x[0-9a-f]+|o[0-7]+|b[01]+)\s*$/i;

/**
 * Numbers on the command line are decimal: a hex, octal or binary literal (`--ctx 0x200`) would be read
 * by Number() as another number than most readers see. Checked for every flag, list items included.
 */
export function rejectNonDecimal(values: Record<string, unknown>): void {
  for (const [name, raw] of Object.entries(values)) {
    const items = typeof raw === 'string' ? raw.split(',') : [];
    const bad = items.find((item) => NON_DECIMAL.test(item));
    if (bad !== undefined) throw new UsageError(`--${name} takes decimal numbers; "${bad.trim()}" is not one.`, `Write it in decimal (e.g. 0x200 is 512): --${name} ${items.map((i) => (NON_DECIMAL.test(i) ? String(Number(i.trim())) : i.trim())).join(',')}.`);
  }
}

/** A flag that must be one of `choices`. */
export function choiceFlag<T extends string>(values: Record<string, unknown>, name: string, choices: readonly T[]): T | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got "${String(raw)}".`, `Pick one of: ${choices.join(', ')}.`);
  return raw as T;
}

/** GiB with one decimal, MiB below 1 GiB. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  const MiB = 1024 * 1024;
  return bytes >= 1024 * MiB ? `${(bytes / (1024 * MiB)).toFixed(2)} GiB` : `${(bytes / MiB).toFixed(1)} MiB`;
}
