import type { EstimateResult, ModelRef } from '../../../src-shared/contract/models.js';
import { KvCacheTypeSchema } from '../../../src-shared/contract/settings.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import { choiceFlag, formatBytes, intFlag } from '../../models/cli/parseFlags.js';
import { readFile } from 'node:fs/promises';
import type { Command } from './Command.js';
import { estimatePlan, PLAN_USAGE } from './estimatePlan.js';

const USAGE = 'estimate (<file.gguf> | --metadata FILE.json | --preset NAME [--layers N]) --ctx N [--type-k f16] [--type-v f16] [--fa on|off|auto] [--gpu-layers N|all] [--vram GiB]... [--ubatch N] [--batch N] [--parallel N] [--swa-full] [--kv-unified] [--weight-type q4_K] [--backend cpu|vulkan|cuda|metal (whose calibration applies)] [--json]';
const KV_TYPES = KvCacheTypeSchema.options;

export const estimateCommand: Command = {
  name: 'estimate',
  summary: 'Estimate weights, KV cache, compute and output memory per device before loading anything.',
  usage: `${USAGE}\n       ${PLAN_USAGE}`,
  positionals: true,
  options: {
    metadata: { type: 'string' }, preset: { type: 'string' }, layers: { type: 'string' }, ctx: { type: 'string' },
    'type-k': { type: 'string' }, 'type-v': { type: 'string' }, fa: { type: 'string' }, 'gpu-layers': { type: 'string' },
    vram: { type: 'string', multiple: true }, ubatch: { type: 'string' }, batch: { type: 'string' }, parallel: { type: 'string' }, 'weight-type': { type: 'string' },
    'swa-full': { type: 'boolean' }, 'kv-unified': { type: 'boolean' },
    plan: { type: 'boolean' }, policy: { type: 'string' }, engine: { type: 'string' }, backend: { type: 'string' },
  },
  async run(args, cli) {
    if (args.values.plan) return estimatePlan(args, cli);
    const v = args.values;
    const model = await modelRef(args.positionals, v);
    const contextSize = intFlag(v, 'ctx', USAGE);
    if (contextSize === undefined) throw new UsageError('estimate needs --ctx N (the context size in tokens).', `Usage: headroom ${USAGE}`);
    const fa = choiceFlag(v, 'fa', ['on', 'off', 'auto'] as const);
    const gpuLayersRaw = v['gpu-layers'];
    const gpuLayers = gpuLayersRaw === 'all' ? 'all' : intFlag(v, 'gpu-layers', USAGE, 0);
    const vram = ((v.vram as string[] | undefined) ?? []).map((g) => {
      const n = Number(g);
      if (!(n > 0)) throw new UsageError(`--vram must be a size in GiB, got "${g}".`, 'Pass one --vram per GPU, e.g. --vram 24 --vram 12.');
      return n * 1024 ** 3;
    });
    const gpus = vram.length ? vram.map((bytes, i) => ({ name: `GPU ${i}`, freeBytes: bytes })) : gpuLayers !== undefined && gpuLayers !== 0 ? [{ name: 'GPU 0' }] : [];
    const result = await callChannel(cli.handlers, 'models:estimate', {
      model,
      contextSize,
      typeK: choiceFlag(v, 'type-k', KV_TYPES),
      typeV: choiceFlag(v, 'type-v', KV_TYPES),
      flashAttention: fa === undefined || fa === 'auto' ? 'auto' : fa === 'on',
      gpuLayers,
      gpus,
      ubatchSize: intFlag(v, 'ubatch', USAGE),
      batchSize: intFlag(v, 'batch', USAGE),
      sequences: intFlag(v, 'parallel', USAGE),
      swaFull: v['swa-full'] === true,
      kvUnified: v['kv-unified'] === true,
      weightType: typeof v['weight-type'] === 'string' ? v['weight-type'] : undefined,
      backend: choiceFlag(v, 'backend', ['cpu', 'vulkan', 'cuda', 'metal'] as const),
    });
    return { value: result, text: formatEstimate(result, vram) };
  },
};

async function modelRef(positionals: string[], v: Record<string, unknown>): Promise<ModelRef> {
  const given = [positionals.length > 0, v.metadata !== undefined, v.preset !== undefined].filter(Boolean).length;
  if (given !== 1 || positionals.length > 1) throw new UsageError(given === 0 ? 'Which model? Give a .gguf file, --metadata FILE.json or --preset NAME.' : 'Give only one model: a .gguf file, --metadata or --preset.', `Usage: headroom ${USAGE}`);
  if (positionals[0]) return { path: positionals[0] };
  if (typeof v.preset === 'string') return { preset: v.preset, ...(v.layers !== undefined ? { layers: intFlag(v, 'layers', USAGE)! } : {}) };
  const file = String(v.metadata);
  let metadata: unknown;
  try {
    metadata = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read --metadata ${file}: ${(error as Error).message}`, 'Give a JSON file holding one object of GGUF keys, e.g. {"general.architecture": "qwen2", "qwen2.block_count": 28, …}.');
  }
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) throw new UsageError(`--metadata ${file} must hold one JSON object.`, 'Write the GGUF keys as one object: {"general.architecture": "llama", "llama.block_count": 32, …}.');
  return { metadata: metadata as Record<string, unknown> };
}

function formatEstimate(e: EstimateResult, vram: number[]): string {
  const s = e.settings;
  const band = (x: number | null) => (x === null ? '' : ` ±${(x * 100).toFixed(0)} %`);
  const lines = [
    `${e.source}: ${e.geometry.architecture}, ${e.geometry.layers} layers`,
    `settings      ctx ${s.contextSize} (${e.kvCache.cells} cells), K ${s.typeK}, V ${s.typeV}, flash attention ${s.flashAttention ? 'on' : 'off'}, ubatch ${s.ubatchSize}, ${s.sequences} seq, GPU layers ${s.gpuLayers}`,
    `KV cache      ${formatBytes(e.kvCache.totalBytes)} (K ${formatBytes(e.kvCache.kBytes)}, V ${formatBytes(e.kvCache.vBytes)}${e.kvCache.stateBytes ? `, state ${formatBytes(e.kvCache.stateBytes)}` : ''})${band(e.errorBand.kvCache)}; ${(e.kvCache.bytesPerToken / 1024).toFixed(1)} KiB per token of context`,
    `weights       ${formatBytes(e.weightsBytes)}${e.weightsSource === 'geometry' ? ' (from the geometry)' : ''}${band(e.errorBand.weights)}`,
    `compute       ${formatBytes(e.computeBytes)}${band(e.errorBand.compute)}`,
    `output        ${formatBytes(e.outputBytes)}`,
    `total         ${formatBytes(e.totalBytes)} (${formatBytes(e.errorBand.lowBytes)} – ${formatBytes(e.errorBand.highBytes)})${e.weightsBytes === null ? ', without weights' : ''}`,
    ...e.devices.filter((d) => d.totalBytes > 0 || d.layers > 0).map((d, i) => {
      const limit = d.kind === 'gpu' ? vram[i - 1] : undefined;
      return `  ${d.name.padEnd(12)} ${formatBytes(d.totalBytes).padStart(10)}  (${d.layers} layers${limit ? `; ${d.totalBytes <= limit ? 'fits in' : 'EXCEEDS'} ${formatBytes(limit)}` : ''})`;
    }),
    ...calibrationLines(e.calibration),
    ...e.notes.map((n) => `note: ${n}`),
  ];
  return lines.join('\n');
}

/** The machine's corrections: the calibrated figures when there are any, and always the note that says on what. */
function calibrationLines(c: EstimateResult['calibration']): string[] {
  if (!c.calibrated) return [`calibration   ${c.note}`];
  return [
    `calibrated    ${formatBytes(c.totalBytes)} (${formatBytes(c.errorBand.lowBytes)} – ${formatBytes(c.errorBand.highBytes)}); compute ${formatBytes(c.computeBytes)} ±${(c.errorBand.compute * 100).toFixed(0)} %${c.rssBytes !== null ? `; process RSS ${formatBytes(c.rssBytes)}` : ''}${c.vramBytes !== null ? `; VRAM ${formatBytes(c.vramBytes)}` : ''}`,
    `              ${c.note}`,
  ];
}
