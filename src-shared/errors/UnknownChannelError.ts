import { HeadroomError } from './HeadroomError.js';

export class UnknownChannelError extends HeadroomError {
  override name = 'UnknownChannelError';
  constructor(channel: string) {
    super(`Unknown channel "${channel}".`, {
      code: 'unknown_channel',
      hint: 'Use one of the channels listed by the contract (for example "hardware:probe").',
    });
  }
}
