import type { HandlerContext } from './HandlerContext.js';

export const recipeHandlers = (_ctx: HandlerContext) => ({});
