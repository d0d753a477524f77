import type { z } from 'zod';

/** A request/reply channel: what the caller sends and what the handler returns. */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for `--help` and the API listing. */
  summary: string;
}

export const defineChannel = <I extends z.ZodType, O extends z.ZodType>(def: ChannelDef<I, O>) => def;
