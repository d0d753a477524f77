import type { z } from 'zod';
import type { ChannelDef } from './defineChannel.js';

// Owned by the probe work (issue 5): plans, steps, results, persistence.
export const probeChannels = {} satisfies Record<string, ChannelDef>;
export const probeEvents = {} satisfies Record<string, z.ZodType>;
