/** One aligned line of figures for benchmark output: median, min, max. */
export function summarize(label: string, values: number[], unit = 'ms'): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  const f = (v: number | undefined) => (v ?? NaN).toFixed(0).padStart(7);
  return `${label.padEnd(44)} median ${f(median)} ${unit}   min ${f(sorted[0])}   max ${f(sorted.at(-1))}`;
}
