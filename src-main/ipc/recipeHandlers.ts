import { buildRecipe } from '../report/buildRecipe.js';
import { buildReportFile } from '../report/buildReportFile.js';
import type { HandlerContext } from './HandlerContext.js';

export const recipeHandlers = (ctx: HandlerContext) => ({
  'recipe:build': async (input: Parameters<typeof buildRecipe>[1] & { runtimes?: Parameters<typeof buildRecipe>[2] }) => buildRecipe(ctx, input, input.runtimes),
  'report:build': async (input: Parameters<typeof buildReportFile>[2]) => buildReportFile(ctx, ctx.dataDir, input),
});
