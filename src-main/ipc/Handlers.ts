import type { Channel, ChannelOutput, ParsedInput } from '../../src-shared/contract/channels.js';

/** What a bridge tells a handler about the call besides its input. */
export interface CallOptions {
  /** Aborted when the caller went away (the HTTP client hung up). */
  signal?: AbortSignal;
}

export type Handler<C extends Channel> = (input: ParsedInput<C>, options?: CallOptions) => Promise<ChannelOutput<C>>;

/** One handler per channel; the type makes a missing one a compile error. */
export type Handlers = { [C in Channel]: Handler<C> };
