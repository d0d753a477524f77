import type { z } from 'zod';
import type { Result } from './envelope.js';
import { hardwareChannels } from './hardware.js';
import { modelChannels } from './models.js';
import { probeChannels } from './probe.js';
import { diagnosisChannels } from './diagnosis.js';
import { recipeChannels } from './recipe.js';
import { auditChannels, auditLogChannels, auditWatchChannels } from './audit.js';
import { whatifChannels } from './whatif.js';
import { tuneChannels } from './tune.js';
import { appSettingsChannels } from './appSettings.js';

/** The one map every bridge and the CLI are derived from. Channel names are `domain:verb`. */
export const channels = {
  ...hardwareChannels,
  ...modelChannels,
  ...probeChannels,
  ...diagnosisChannels,
  ...recipeChannels,
  ...auditChannels,
  ...auditLogChannels,
  ...auditWatchChannels,
  ...whatifChannels,
  ...tuneChannels,
  ...appSettingsChannels,
};

export type Channels = typeof channels;
export type Channel = keyof Channels;
/** What a caller may send (before defaults apply). */
export type ChannelInput<C extends Channel> = z.input<Channels[C]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInput<C extends Channel> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Channels[C]['output']>;

export const channelNames = Object.keys(channels) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(channels, name);
}

/** The API the renderer sees, identical over Electron IPC and over HTTP. */
export type Api = {
  [C in Channel]: (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;
};
