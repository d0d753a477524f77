/** How much slower system RAM feeds the CPU than VRAM feeds the GPU: the range the knowledge base states (5–20×). */
export const RAM_SLOWDOWN = { low: 5, mid: 10, high: 20 };

/**
 * Estimated generation slowdown when `cpuShare` of the weights runs from RAM: a token waits for
 * every layer, so time per token ≈ (1 − s) + s × r of the all-GPU time. Returns the factor at the
 * low, middle and high RAM slowdown.
 */
export function spillSlowdown(cpuShare: number): { low: number; mid: number; high: number } {
  const factor = (r: number) => 1 - cpuShare + cpuShare * r;
  return { low: factor(RAM_SLOWDOWN.low), mid: factor(RAM_SLOWDOWN.mid), high: factor(RAM_SLOWDOWN.high) };
}
