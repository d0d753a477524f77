import type { Channel, ChannelOutput, ParsedInput } from '../../src-shared/contract/channels.js';

export type Handler<C extends Channel> = (input: ParsedInput<C>) => Promise<ChannelOutput<C>>;

/** One handler per channel; the type makes a missing one a compile error. */
export type Handlers = { [C in Channel]: Handler<C> };
