import type { Channel, ChannelInput, ChannelOutput } from '../../src-shared/contract/channels.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import { dispatch } from '../ipc/dispatch.js';
import type { Handlers } from '../ipc/Handlers.js';

/** The CLI goes through the same dispatch as the bridges, then unwraps the envelope. */
export async function callChannel<C extends Channel>(handlers: Handlers, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await dispatch(handlers, channel, input);
  if (result.ok) return result.value as ChannelOutput<C>;
  throw new HeadroomError(result.error.message, { code: result.error.code, hint: result.error.hint });
}
