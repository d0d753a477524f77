import type { ChannelDef } from './defineChannel.js';

// Owned by the diagnosis work (issue 6): knowledge base, log matching, troubleshooter.
export const diagnosisChannels = {} satisfies Record<string, ChannelDef>;
