import type { AppSettings } from '../../../src-shared/contract/appSettings.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import type { Command } from './Command.js';

const USAGE = 'settings [--llama-cpp-bin FOLDER | --clear-llama-cpp-bin] [--json]';

export const settingsCommand: Command = {
  name: 'settings',
  summary: 'Show or change the app settings (the llama.cpp binaries folder the llama.cpp engine uses).',
  usage: USAGE,
  options: { 'llama-cpp-bin': { type: 'string' }, 'clear-llama-cpp-bin': { type: 'boolean' } },
  async run(args, cli) {
    const folder = args.values['llama-cpp-bin'];
    const clear = args.values['clear-llama-cpp-bin'] === true;
    if (typeof folder === 'string' && clear) throw new UsageError('Give --llama-cpp-bin FOLDER or --clear-llama-cpp-bin, not both.', `Usage: headroom ${USAGE}`);
    const settings = typeof folder === 'string' || clear
      ? await callChannel(cli.handlers, 'settings:setLlamaCppBin', { path: clear ? null : String(folder) })
      : await callChannel(cli.handlers, 'settings:get', {});
    return { value: settings, text: formatSettings(settings) };
  },
};

function formatSettings(s: AppSettings): string {
  const inUse = s.llamaCppInUse ? `${s.llamaCppInUse.dir} (from ${s.llamaCppInUse.from})` : 'none found (set a folder, HEADROOM_LLAMA_CPP_BIN, or put the tools on PATH)';
  return [`llama.cpp folder   ${s.llamaCppBin ?? '(not set)'}`, `llama.cpp engine   uses ${inUse}`].join('\n');
}
