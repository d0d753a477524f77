/** One sample of a Prometheus text exposition. */
export interface PrometheusSample {
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Samples by metric name, from Prometheus text format (comments and unparsable lines skipped). */
export function parsePrometheus(text: string): Map<string, PrometheusSample[]> {
  const out = new Map<string, PrometheusSample[]>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line.trim());
    if (!match) continue;
    const value = Number(match[3]);
    if (Number.isNaN(value)) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1]!, m[2]!]));
    const list = out.get(match[1]!) ?? [];
    list.push({ labels, value });
    out.set(match[1]!, list);
  }
  return out;
}

/** The largest value of the first metric name present, or null. */
export function maxOf(samples: Map<string, PrometheusSample[]>, ...names: string[]): number | null {
  for (const name of names) {
    const list = samples.get(name);
    if (list && list.length > 0) return Math.max(...list.map((s) => s.value));
  }
  return null;
}
