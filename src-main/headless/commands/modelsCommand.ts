import type { ModelList } from '../../../src-shared/contract/models.js';
import { callChannel } from '../callChannel.js';
import { formatBytes } from '../../models/cli/parseFlags.js';
import type { Command } from './Command.js';

export const modelsCommand: Command = {
  name: 'models',
  summary: 'List GGUF models found on this machine (Ollama, LM Studio, Hugging Face, llama.cpp, added folders).',
  usage: 'models [--add-folder DIR] [--remove-folder DIR] [--json]',
  options: { 'add-folder': { type: 'string' }, 'remove-folder': { type: 'string' } },
  async run(args, cli) {
    const add = args.values['add-folder'];
    const remove = args.values['remove-folder'];
    if (typeof add === 'string') await callChannel(cli.handlers, 'models:addFolder', { path: add });
    if (typeof remove === 'string') await callChannel(cli.handlers, 'models:removeFolder', { path: remove });
    cli.progress('Looking for models…');
    const off = cli.context.events.on('models:onScanProgress', (p) => cli.stderrIsTTY && cli.progress(`  ${p.modelsFound} found, ${p.foldersScanned} folders — ${p.currentPath}`));
    try {
      const list = await callChannel(cli.handlers, 'models:list', {});
      return { value: list, text: formatList(list) };
    } finally {
      off();
    }
  },
};

function formatList(list: ModelList): string {
  const rows = list.models.map((m) => {
    const what = m.error ? `unreadable: ${m.error.message}` : `${m.architecture ?? '?'}${m.contextLength ? `, ctx ${m.contextLength}` : ''}${m.fileType ? `, ${m.fileType}` : ''}${m.auxiliary ? ' (projector)' : ''}${m.synthetic ? ' (synthetic)' : ''}`;
    return `${m.name.padEnd(40)} ${m.source.padEnd(14)} ${formatBytes(m.sizeBytes).padStart(10)}  ${what}\n${' '.repeat(42)}${m.path}`;
  });
  const places = list.places.map((p) => `  ${p.source.padEnd(14)} ${p.status.padEnd(10)} ${p.path}${p.status === 'scanned' ? ` (${p.models})` : ''}${p.detail ? ` — ${p.detail}` : ''}`);
  return [
    list.models.length ? rows.join('\n') : 'No GGUF models found. Add a folder with `headroom models --add-folder DIR`, or write one with `headroom synth --preset llama-3.1-8b --layers 4`.',
    '',
    'Searched:',
    ...places,
  ].join('\n');
}
