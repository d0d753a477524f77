import type { z } from 'zod';
import type { ChannelDef } from './defineChannel.js';

// Owned by the models work (issue 4): GGUF metadata, discovery, synthetic models, estimates.
export const modelChannels = {} satisfies Record<string, ChannelDef>;
export const modelEvents = {} satisfies Record<string, z.ZodType>;
