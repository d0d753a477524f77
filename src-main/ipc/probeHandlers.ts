import type { HandlerContext } from './HandlerContext.js';

export const probeHandlers = (_ctx: HandlerContext) => ({});
