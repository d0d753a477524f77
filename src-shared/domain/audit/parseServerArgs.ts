import type { LiveSettings } from '../../contract/audit.js';
import { GpuLayersSchema, KvCacheTypeSchema } from '../../contract/settings.js';

/** What a llama-server command line sets, each field null when the flag is absent. */
export interface ServerArgs {
  contextSize: number | null;
  parallel: number | null;
  gpuLayers: LiveSettings['gpuLayers'];
  flashAttention: LiveSettings['flashAttention'];
  typeK: LiveSettings['typeK'];
  typeV: LiveSettings['typeV'];
  kvUnified: boolean;
  model: string | null;
  logFile: string | null;
}

// Flag spellings of llama.cpp 0.5.0 (common/arg.cpp of the build node-llama-cpp 3.22.1 bundles).
const FLAGS: Record<string, keyof ServerArgs> = {
  '-c': 'contextSize', '--ctx-size': 'contextSize',
  '-np': 'parallel', '--parallel': 'parallel',
  '-ngl': 'gpuLayers', '--gpu-layers': 'gpuLayers', '--n-gpu-layers': 'gpuLayers',
  '-fa': 'flashAttention', '--flash-attn': 'flashAttention',
  '-ctk': 'typeK', '--cache-type-k': 'typeK',
  '-ctv': 'typeV', '--cache-type-v': 'typeV',
  '-m': 'model', '--model': 'model',
  '--log-file': 'logFile',
};

/** Reads the settings Headroom audits from a llama-server argv (the program name first). */
export function parseServerArgs(argv: string[]): ServerArgs {
  const out: ServerArgs = { contextSize: null, parallel: null, gpuLayers: null, flashAttention: null, typeK: null, typeV: null, kvUnified: false, model: null, logFile: null };
  for (let i = 1; i < argv.length; i++) {
    const [flag, inline] = splitInline(argv[i]!);
    if (flag === '-kvu' || flag === '--kv-unified') out.kvUnified = true;
    const key = FLAGS[flag];
    if (!key) continue;
    const value = inline ?? argv[++i];
    if (value === undefined) break;
    assign(out, key, value);
  }
  return out;
}

function splitInline(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return word.startsWith('--') && eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
}

function assign(out: ServerArgs, key: keyof ServerArgs, value: string): void {
  if (key === 'contextSize' || key === 'parallel') {
    const n = Number.parseInt(value, 10);
    out[key] = Number.isFinite(n) && n > 0 ? n : null;
  } else if (key === 'gpuLayers') {
    const parsed = GpuLayersSchema.safeParse(/^\d+$/.test(value) ? Number(value) : value);
    out.gpuLayers = parsed.success ? parsed.data : null;
  } else if (key === 'flashAttention') {
    out.flashAttention = value === 'on' || value === '1' ? true : value === 'off' || value === '0' ? false : value === 'auto' ? 'auto' : null;
  } else if (key === 'typeK' || key === 'typeV') {
    const parsed = KvCacheTypeSchema.safeParse(value);
    out[key] = parsed.success ? parsed.data : null;
  } else if (key === 'model' || key === 'logFile') out[key] = value;
}
