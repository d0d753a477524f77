import type { ParsedInput } from '../../src-shared/contract/channels.js';
import { ProbeService } from '../probe/ProbeService.js';
import { loadCatalogue } from '../whatif/loadCatalogue.js';
import { runWhatIf } from '../whatif/runWhatIf.js';
import { verifyFit } from '../whatif/verifyFit.js';
import type { HandlerContext } from './HandlerContext.js';

export const whatifHandlers = (ctx: HandlerContext) => {
  // Verification runs its find-max through the probe service, as `probe:start` does.
  const probes = new ProbeService(ctx);
  return {
    'whatif:catalogue': async () => ({ devices: loadCatalogue() }),
    'whatif:run': async (input: ParsedInput<'whatif:run'>) => runWhatIf(input, ctx.dataDir),
    'whatif:verify': async (input: ParsedInput<'whatif:verify'>) => verifyFit(input, ctx, probes),
  };
};
