import type { AppSettings } from '../../src-shared/contract/appSettings.js';
import type { ParsedInput } from '../../src-shared/contract/channels.js';
import { readAppSettings, saveAppSettings } from '../settings/appSettingsFile.js';
import { checkLlamaCppFolder } from '../settings/checkLlamaCppFolder.js';
import { findLlamaCppBin } from '../tune/llamaCpp/findLlamaCppBin.js';
import type { HandlerContext } from './HandlerContext.js';

/** `settings:*`: the app settings in the data folder. */
export function settingsHandlers(ctx: HandlerContext) {
  const view = (): AppSettings => {
    const { llamaCppBin } = readAppSettings(ctx.dataDir);
    const found = findLlamaCppBin(process.env, llamaCppBin ?? undefined);
    return { llamaCppBin, llamaCppInUse: found && { dir: found.dir, from: found.from } };
  };
  return {
    'settings:get': async () => view(),
    'settings:setLlamaCppBin': async ({ path }: ParsedInput<'settings:setLlamaCppBin'>) => {
      saveAppSettings(ctx.dataDir, { llamaCppBin: path === null ? null : checkLlamaCppFolder(path) });
      return view();
    },
  };
}
