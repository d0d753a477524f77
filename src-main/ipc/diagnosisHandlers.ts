import type { HandlerContext } from './HandlerContext.js';

export const diagnosisHandlers = (_ctx: HandlerContext) => ({});
