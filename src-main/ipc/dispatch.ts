import type { z } from 'zod';
import { channels, isChannel, type Channel } from '../../src-shared/contract/channels.js';
import type { Result } from '../../src-shared/contract/envelope.js';
import { InvalidInputError } from '../../src-shared/errors/InvalidInputError.js';
import { UnknownChannelError } from '../../src-shared/errors/UnknownChannelError.js';
import { toErrorInfo } from '../../src-shared/errors/toErrorInfo.js';
import type { CallOptions, Handlers } from './Handlers.js';

/**
 * The single entry of every bridge: validates the channel and the input, runs the handler,
 * and wraps whatever happens in the envelope. Never throws.
 */
export async function dispatch(handlers: Handlers, channel: string, rawInput: unknown, options: CallOptions = {}): Promise<Result<unknown>> {
  try {
    if (!isChannel(channel)) throw new UnknownChannelError(channel);
    const input = parseInput(channel, rawInput ?? {});
    const handler = handlers[channel] as (input: unknown, options: CallOptions) => Promise<unknown>;
    return { ok: true, value: await handler(input, options) };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

function parseInput(channel: Channel, raw: unknown): unknown {
  const schema: z.ZodType = channels[channel].input;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 10);
  const problems = issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
  const bounds = issues.map(boundOf).filter(Boolean).join('; ');
  throw new InvalidInputError(`Invalid input for ${channel}: ${problems}`, `Fix the named field${issues.length > 1 ? 's' : ''} and send again${bounds ? `: ${bounds}` : ''}.`);
}

/** "contexts.0 must be at most 16777216": the limit a number or a list broke, in words. */
function boundOf(issue: z.core.$ZodIssue): string | null {
  const field = issue.path.join('.') || 'the input';
  const unit = issue.code === 'too_big' || issue.code === 'too_small' ? (issue.origin === 'number' ? '' : issue.origin === 'string' ? ' characters' : ' items') : null;
  if (unit === null) return null;
  if (issue.code === 'too_big') return `${field} must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}${unit}`;
  if (issue.code === 'too_small') return `${field} must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}${unit}`;
  return null;
}
