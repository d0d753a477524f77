import { probeHardware } from '../hardware/probeHardware.js';
import type { HandlerContext } from './HandlerContext.js';

export const hardwareHandlers = (ctx: HandlerContext) => ({
  'hardware:probe': async () => probeHardware({ launch: ctx.launchWorker, env: ctx.workerEnv }),
});
