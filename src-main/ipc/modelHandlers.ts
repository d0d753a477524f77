import type { HandlerContext } from './HandlerContext.js';

export const modelHandlers = (_ctx: HandlerContext) => ({});
