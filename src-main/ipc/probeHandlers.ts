import { ProbeService } from '../probe/ProbeService.js';
import type { HandlerContext } from './HandlerContext.js';

export const probeHandlers = (ctx: HandlerContext) => {
  const service = new ProbeService(ctx);
  return {
    'probe:start': async (input: Parameters<ProbeService['start']>[0]) => service.start(input),
    'probe:list': async () => service.list(),
    'probe:get': async ({ id }: { id: string }) => service.get(id),
    'probe:cancel': async ({ id }: { id: string }) => service.cancel(id),
    'probe:resume': async ({ id }: { id: string }) => service.resume(id),
    'probe:verify': async (input: Parameters<ProbeService['verify']>[0]) => service.verify(input),
  };
};
