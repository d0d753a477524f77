import type { HandlerContext } from './HandlerContext.js';
import type { Handlers } from './Handlers.js';
import { hardwareHandlers } from './hardwareHandlers.js';
import { modelHandlers } from './modelHandlers.js';
import { probeHandlers } from './probeHandlers.js';
import { diagnosisHandlers } from './diagnosisHandlers.js';
import { recipeHandlers } from './recipeHandlers.js';
import { auditHandlers } from './auditHandlers.js';
import { whatifHandlers } from './whatifHandlers.js';
import { tuneHandlers } from './tuneHandlers.js';
import { settingsHandlers } from './settingsHandlers.js';

/** All services, one object per domain, keyed by channel. */
export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    ...hardwareHandlers(ctx),
    ...modelHandlers(ctx),
    ...probeHandlers(ctx),
    ...diagnosisHandlers(ctx),
    ...recipeHandlers(ctx),
    ...auditHandlers(ctx),
    ...whatifHandlers(ctx),
    ...tuneHandlers(ctx),
    ...settingsHandlers(ctx),
  };
}
