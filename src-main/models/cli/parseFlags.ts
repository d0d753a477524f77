import { UsageError } from '../../headless/UsageError.js';

/** A positive integer flag, or undefined when absent; anything else is a usage error naming the flag. */
export function intFlag(values: Record<string, unknown>, name: string, usage: string, min = 1): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${String(raw)}".`, `Usage: headroom ${usage}`);
  return n;
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
