import type { ParsedInput } from '../../src-shared/contract/channels.js';
import { sharedHardwareProbe } from '../hardware/sharedHardwareProbe.js';
import type { HandlerContext } from './HandlerContext.js';
import type { CallOptions } from './Handlers.js';

export const hardwareHandlers = (ctx: HandlerContext) => ({
  'hardware:probe': async (input: ParsedInput<'hardware:probe'>, options: CallOptions = {}) =>
    sharedHardwareProbe({ launch: ctx.launchWorker, env: ctx.workerEnv, fresh: input.fresh, signal: options.signal }),
});
