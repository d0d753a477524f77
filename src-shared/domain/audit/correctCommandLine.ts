import type { SettingsChange } from '../../contract/settings.js';
import { shellLine } from '../recipe/shellQuote.js';

// Flags a change sets, with every spelling llama-server accepts for them (so the old value goes).
const SPELLINGS: [keyof SettingsChange, string[]][] = [
  ['contextSize', ['-c', '--ctx-size']],
  ['parallel', ['-np', '--parallel']],
  ['gpuLayers', ['-ngl', '--gpu-layers', '--n-gpu-layers']],
  ['flashAttention', ['-fa', '--flash-attn']],
  ['typeK', ['-ctk', '--cache-type-k']],
  ['typeV', ['-ctv', '--cache-type-v']],
];

/**
 * The llama-server command line with `change` applied: the flags it sets are removed wherever they
 * were and written once at the end. `-c` is the pool, so it becomes contextSize × parallel.
 */
export function correctCommandLine(argv: string[], change: SettingsChange, currentParallel: number): string {
  const replaced = new Set<string>();
  for (const [key, flags] of SPELLINGS) if (change[key] !== undefined) flags.forEach((f) => replaced.add(f));
  if (change.contextSize !== undefined) ['-np', '--parallel'].forEach((f) => replaced.add(f));
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    const flag = word.startsWith('--') && word.includes('=') ? word.slice(0, word.indexOf('=')) : word;
    if (i > 0 && replaced.has(flag)) {
      if (flag === word) i++;
      continue;
    }
    kept.push(word);
  }
  const np = change.parallel ?? currentParallel;
  const added: string[] = [];
  if (change.contextSize !== undefined) added.push('-c', String(change.contextSize * np), '-np', String(np));
  else if (change.parallel !== undefined) added.push('-np', String(change.parallel));
  if (change.gpuLayers !== undefined) added.push('-ngl', String(change.gpuLayers));
  if (change.flashAttention !== undefined) added.push('-fa', change.flashAttention ? 'on' : 'off');
  if (change.typeK !== undefined) added.push('-ctk', change.typeK);
  if (change.typeV !== undefined) added.push('-ctv', change.typeV);
  return shellLine([...kept, ...added]);
}
