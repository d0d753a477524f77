import type { SynthResult } from '../../../src-shared/contract/models.js';
import type { ModelGeometry } from '../../../src-shared/domain/models/ModelGeometry.js';
import { withDefaults } from '../../../src-shared/domain/models/modelPresets.js';
import { slidingWindowLayersFromPattern } from '../../../src-shared/domain/models/ModelGeometry.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import { choiceFlag, formatBytes, intFlag } from '../../models/cli/parseFlags.js';
import type { Command } from './Command.js';

const USAGE = 'synth (--preset NAME | --like FILE.gguf|FILE.json | --arch A --n-embd N --n-head N [--n-head-kv N] [--head-dim N] --n-ff N [--n-vocab N] [--sliding-window N]) [--layers N] [--type f32|f16|q8_0|q4_0] [--ctx-train N] [--seed N] [--out FILE.gguf] [--json]\n       headroom synth --list-presets [--json]';
const GEOMETRY_FLAGS = ['arch', 'n-embd', 'n-head', 'n-head-kv', 'head-dim', 'n-ff', 'n-vocab', 'sliding-window'];
const SWA_PATTERN: Record<string, number> = { gemma2: 2, gemma3: 6 };

export const synthCommand: Command = {
  name: 'synth',
  summary: 'Write a synthetic GGUF with a real model\'s attention shape and random weights, to probe it without downloading it.',
  usage: USAGE,
  options: {
    preset: { type: 'string' }, like: { type: 'string' }, layers: { type: 'string' }, type: { type: 'string' }, 'ctx-train': { type: 'string' },
    seed: { type: 'string' }, out: { type: 'string' }, 'list-presets': { type: 'boolean' },
    ...Object.fromEntries(GEOMETRY_FLAGS.map((f) => [f, { type: 'string' as const }])),
  },
  async run(args, cli) {
    const v = args.values;
    if (v['list-presets']) {
      const { presets } = await callChannel(cli.handlers, 'models:presets', {});
      return { value: { presets }, text: presets.map((p) => `${p.name.padEnd(18)} ${describe(p.geometry)}\n${' '.repeat(19)}${p.source}`).join('\n') };
    }
    const geometry = geometryFromFlags(v);
    const sources = [v.preset, v.like, geometry].filter((x) => x !== undefined).length;
    if (sources !== 1) throw new UsageError(sources === 0 ? 'Say which geometry to write.' : 'Give only one of --preset, --like, or geometry flags.', `Usage: headroom ${USAGE}`);
    const off = cli.context.events.on('models:onSynthProgress', (p) => cli.stderrIsTTY && cli.progress(`  ${formatBytes(p.writtenBytes)} of ${formatBytes(p.totalBytes)}`));
    cli.progress('Writing synthetic model…');
    try {
      const result = await callChannel(cli.handlers, 'models:synth', {
        preset: typeof v.preset === 'string' ? v.preset : undefined,
        like: typeof v.like === 'string' ? v.like : undefined,
        geometry,
        layers: intFlag(v, 'layers', USAGE),
        contextLength: intFlag(v, 'ctx-train', USAGE),
        weightType: choiceFlag(v, 'type', ['f32', 'f16', 'q8_0', 'q4_0'] as const),
        seed: intFlag(v, 'seed', USAGE, 0),
        outPath: typeof v.out === 'string' ? v.out : undefined,
      });
      return { value: result, text: formatResult(result) };
    } finally {
      off();
    }
  },
};

function geometryFromFlags(v: Record<string, unknown>): ModelGeometry | undefined {
  if (!GEOMETRY_FLAGS.some((f) => v[f] !== undefined)) return undefined;
  const arch = v.arch;
  if (typeof arch !== 'string') throw new UsageError('Geometry flags need --arch (llama, qwen2, qwen3, gemma2, gemma3, phi3).', `Usage: headroom ${USAGE}`);
  const need = (name: string) => {
    const n = intFlag(v, name, USAGE);
    if (n === undefined) throw new UsageError(`Geometry flags need --${name}.`, `Usage: headroom ${USAGE}`);
    return n;
  };
  const embd = need('n-embd');
  const heads = need('n-head');
  const headDim = intFlag(v, 'head-dim', USAGE) ?? Math.floor(embd / heads);
  const layers = intFlag(v, 'layers', USAGE) ?? 2;
  const window = intFlag(v, 'sliding-window', USAGE) ?? null;
  const pattern = SWA_PATTERN[arch];
  if (window !== null && pattern === undefined) throw new UsageError(`--sliding-window works with gemma2 and gemma3, not ${arch}.`, 'Use --arch gemma2 or gemma3, or drop --sliding-window.');
  return withDefaults({
    architecture: arch, layers, embeddingLength: embd, heads, kvHeads: intFlag(v, 'n-head-kv', USAGE) ?? heads,
    keyLength: headDim, valueLength: headDim, feedForwardLength: need('n-ff'), vocabSize: intFlag(v, 'n-vocab', USAGE) ?? 32000,
    contextLength: intFlag(v, 'ctx-train', USAGE) ?? 8192,
    slidingWindow: window, slidingWindowLayers: window === null ? null : slidingWindowLayersFromPattern(layers, pattern!),
  });
}

function describe(g: ModelGeometry): string {
  return `${g.architecture}, ${g.layers} layers, ${String(g.heads)} heads / ${String(g.kvHeads)} KV × ${g.keyLength}, ctx ${g.contextLength}${g.slidingWindow ? `, window ${g.slidingWindow}` : ''}${g.mla ? ', MLA' : ''}${g.experts ? `, ${g.experts.count} experts` : ''}`;
}

function formatResult(r: SynthResult): string {
  return [
    `Wrote ${r.path}`,
    `  ${formatBytes(r.sizeBytes)}, ${r.tensorCount} tensors, ${(r.parameterCount / 1e9).toFixed(2)} B parameters (${r.weightType}, seed ${r.seed}) in ${(r.durationMs / 1000).toFixed(1)} s`,
    `  ${describe(r.geometry)}${r.preset ? ` — preset ${r.preset}` : ''}`,
    ...r.notes.map((n) => `  note: ${n}`),
    `Probe it with: headroom probe ${r.path}`,
  ].join('\n');
}

