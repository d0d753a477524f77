/**
 * Which llama.cpp layer a tensor belongs to: `blk.N.*` → N; the output head → `layers` (llama.cpp counts it
 * as one more layer when offloading); token embeddings → `input` (always kept on the CPU).
 */
export function layerOfTensor(name: string, layers: number): number | 'input' {
  const block = /^blk\.(\d+)\./.exec(name);
  if (block) return Math.min(Number(block[1]), layers);
  if (name.startsWith('token_embd') || name.startsWith('token_types') || name.startsWith('position_embd')) return 'input';
  return layers;
}
