/** llama.cpp rounds a context up to a multiple of 256, so sizes between multiples measure nothing new. */
export const CONTEXT_ALIGN = 256;

/** The precision a boundary is found to near `context`: the larger of `tokens` and `fraction` of it. */
export function granularityAt(context: number, tokens: number, fraction: number): number {
  return Math.max(tokens, Math.ceil(context * fraction));
}

export function alignDown(context: number): number {
  return Math.max(CONTEXT_ALIGN, Math.floor(context / CONTEXT_ALIGN) * CONTEXT_ALIGN);
}

export function alignUp(context: number): number {
  return Math.ceil(context / CONTEXT_ALIGN) * CONTEXT_ALIGN;
}
