import type { ChannelDef } from './defineChannel.js';

// Owned by the recipe work (issue 7): settings recipes and reports.
export const recipeChannels = {} satisfies Record<string, ChannelDef>;
