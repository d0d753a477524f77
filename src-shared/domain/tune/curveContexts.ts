/**
 * The smaller contexts at which the leading settings are measured again, so that the result shows tok/s
 * against context per setting: a quarter and a half of the target, on llama.cpp's 256-token grid, at least
 * 256 and below the target. Empty for a target too small to have any.
 */
export function curveContexts(target: number): number[] {
  const points = [target / 4, target / 2].map((c) => Math.floor(c / 256) * 256).filter((c) => c >= 256 && c < target);
  return [...new Set(points)];
}
