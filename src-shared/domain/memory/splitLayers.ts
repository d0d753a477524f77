/** A GPU that can take layers; `weight` sets its share (llama.cpp splits by free memory unless told). */
export interface SplitDevice {
  name: string;
  /** Relative share, e.g. free bytes or a `--tensor-split` entry. Defaults to 1. */
  weight?: number;
}

/**
 * The device index (into `gpus`) of each of llama.cpp's `layers + 1` layers (the last is the output head),
 * or -1 for the CPU: with N GPU layers the LAST N layers go to the GPUs, the output head first, split by
 * cumulative weight as `llama_model::load_tensors` does.
 */
export function splitLayers(layers: number, gpuLayers: number | 'all', gpus: SplitDevice[]): number[] {
  const total = layers + 1;
  const n = gpus.length === 0 ? 0 : gpuLayers === 'all' ? total : Math.min(Math.max(0, gpuLayers), total);
  const start = total - n;
  const weights = gpus.map((d) => Math.max(0, d.weight ?? 1));
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  let acc = 0;
  const cuts = weights.map((w) => (acc += w) / sum);
  return Array.from({ length: total }, (_, il) => {
    if (il < start) return -1;
    const at = (il - start) / n;
    const index = cuts.findIndex((c) => c > at);
    return index === -1 ? gpus.length - 1 : index;
  });
}
