import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import type { HandlerContext } from './HandlerContext.js';

// Placeholder while the probe runner lands (issue 5): the contract is committed first so that
// other work can build on it.
const pending = async (): Promise<never> => {
  throw new HeadroomError('The probe is not implemented yet.', { code: 'not_implemented', hint: 'Update Headroom.' });
};

export const probeHandlers = (_ctx: HandlerContext) => ({
  'probe:start': pending,
  'probe:list': pending,
  'probe:get': pending,
  'probe:cancel': pending,
  'probe:resume': pending,
  'probe:verify': pending,
});
