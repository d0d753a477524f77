import type { z } from 'zod';
import { channels, isChannel, type Channel } from '../../src-shared/contract/channels.js';
import type { Result } from '../../src-shared/contract/envelope.js';
import { InvalidInputError } from '../../src-shared/errors/InvalidInputError.js';
import { UnknownChannelError } from '../../src-shared/errors/UnknownChannelError.js';
import { toErrorInfo } from '../../src-shared/errors/toErrorInfo.js';
import type { Handlers } from './Handlers.js';

/**
 * The single entry of every bridge: validates the channel and the input, runs the handler,
 * and wraps whatever happens in the envelope. Never throws.
 */
export async function dispatch(handlers: Handlers, channel: string, rawInput: unknown): Promise<Result<unknown>> {
  try {
    if (!isChannel(channel)) throw new UnknownChannelError(channel);
    const input = parseInput(channel, rawInput ?? {});
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(input) };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

function parseInput(channel: Channel, raw: unknown): unknown {
  const schema: z.ZodType = channels[channel].input;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
  throw new InvalidInputError(`Invalid input for ${channel}: ${problems}`, `Fix the named field${parsed.error.issues.length > 1 ? 's' : ''} and send again.`);
}
