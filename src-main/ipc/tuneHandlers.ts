import { TuneService } from '../tune/TuneService.js';
import type { HandlerContext } from './HandlerContext.js';

export const tuneHandlers = (ctx: HandlerContext) => {
  const service = new TuneService(ctx);
  return {
    'tune:start': async (input: Parameters<TuneService['start']>[0]) => service.start(input),
    'tune:plan': async (input: Parameters<TuneService['plan']>[0]) => service.plan(input),
    'tune:get': async ({ id }: { id: string }) => service.get(id),
    'tune:list': async () => service.list(),
    'tune:cancel': async ({ id }: { id: string }) => service.cancel(id),
  };
};
