import { readFile } from 'node:fs/promises';
import type { ModelRef } from '../../../src-shared/contract/models.js';
import type { DeviceAnswer, WhatIfDevice, WhatIfResult } from '../../../src-shared/contract/whatif.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import { formatBytes, intFlag } from '../../models/cli/parseFlags.js';
import type { CliContext, Command, ParsedArgs } from './Command.js';

const USAGE = `whatif (<model.gguf | hf:owner/repo/file.gguf | owner/repo:Q4_K_M | https://…> | --preset NAME | --metadata FILE.json) [--weight-type q4_K]
                 --device "RTX 4060 8GB" [--device …] [--ctx N] [--choose-gpu] [--verify | --verify-on DEVICE …] [--prompt-fill 0.02] [--threads N] [--json]
       whatif --list-devices`;

export const whatifCommand: Command = {
  name: 'whatif',
  summary: 'Will it run? A model (even one not downloaded) on GPUs and Macs you don\'t have: fit, max context, spill, speed estimate.',
  usage: USAGE,
  positionals: true,
  options: {
    device: { type: 'string', multiple: true },
    ctx: { type: 'string' },
    preset: { type: 'string' },
    metadata: { type: 'string' },
    'weight-type': { type: 'string' },
    'choose-gpu': { type: 'boolean' },
    verify: { type: 'boolean' },
    'verify-on': { type: 'string', multiple: true },
    'prompt-fill': { type: 'string' },
    'list-devices': { type: 'boolean' },
    threads: { type: 'string' },
  },
  async run(args, cli) {
    if (args.values['list-devices']) {
      const { devices } = await callChannel(cli.handlers, 'whatif:catalogue', {});
      return { value: { devices }, text: devices.map(deviceLine).join('\n') };
    }
    const model = await modelRef(args);
    const devices = ((args.values.device as string[] | undefined) ?? []).map(String);
    const result = await callChannel(cli.handlers, 'whatif:run', {
      model,
      devices,
      contextSize: intFlag(args.values, 'ctx', USAGE),
      chooseGpu: args.values['choose-gpu'] === true,
      weightType: typeof args.values['weight-type'] === 'string' ? args.values['weight-type'] : undefined,
    });
    const verifyOn = (args.values['verify-on'] as string[] | undefined) ?? [];
    if (args.values.verify || verifyOn.length) await verifyAll(result, model, args, cli, args.values.verify ? null : verifyOn);
    return { value: result, text: formatResult(result) };
  },
};

async function modelRef(args: ParsedArgs): Promise<ModelRef> {
  const [path, ...extra] = args.positionals;
  const preset = typeof args.values.preset === 'string' ? args.values.preset : undefined;
  const metadata = typeof args.values.metadata === 'string' ? args.values.metadata : undefined;
  const given = [path, preset, metadata].filter((x) => x !== undefined).length;
  if (given !== 1 || extra.length) {
    throw new UsageError(given > 1 ? 'Give one model: a path or reference, --preset or --metadata.' : extra.length ? 'whatif takes one model.' : 'Which model? Give a .gguf path, a Hugging Face reference, an https:// address, --preset NAME or --metadata FILE.json.', `Usage: headroom ${USAGE}`);
  }
  if (preset) return { preset };
  if (metadata) {
    try {
      return { metadata: JSON.parse(await readFile(metadata, 'utf8')) as Record<string, unknown> };
    } catch (error) {
      throw new UsageError(`Cannot read --metadata ${metadata}: ${(error as Error).message}`, 'Give a JSON file holding one object of GGUF keys, e.g. {"general.architecture": "llama", "llama.block_count": 32, …}.');
    }
  }
  return { path: path! };
}

/** Runs a budgeted find-max for each device and records which figures were measured. */
async function verifyAll(result: WhatIfResult, model: ModelRef, args: ParsedArgs, cli: CliContext, only: string[] | null): Promise<void> {
  if (!('path' in model) && !('preset' in model)) return;
  const chosen = only ? (await callChannel(cli.handlers, 'whatif:run', { model, devices: only })).devices.map((d) => d.id) : null;
  const fill = typeof args.values['prompt-fill'] === 'string' ? Number(args.values['prompt-fill']) : undefined;
  if (fill !== undefined && !(fill > 0 && fill <= 1)) throw new UsageError(`--prompt-fill must be a fraction above 0 and at most 1, got "${String(args.values['prompt-fill'])}".`, 'Example: --prompt-fill 0.02');
  const off = cli.context.events.on('probe:onStep', (e) => cli.progress(`  verify: context ${e.step.contextSize} → ${e.step.outcome}`));
  try {
    for (const device of result.devices) {
      if (chosen && !chosen.includes(device.id)) continue;
      cli.progress(`Verifying ${device.name} on this machine (find-max under a memory budget)…`);
      const verified = await callChannel(cli.handlers, 'whatif:verify', {
        model: 'path' in model ? { path: model.path } : { preset: model.preset },
        device: device.id.startsWith('custom-') ? customSpec(device) : device.id,
        threads: intFlag(args.values, 'threads', USAGE),
        promptFill: fill,
      });
      device.verified = verified;
      device.measured = [`maxContext.flashAttention.on (f16 KV): ${verified.maxContext ?? 'none'} under a ${formatBytes(verified.budgetBytes)} budget on this machine`];
    }
  } finally {
    off();
  }
}

const customSpec = (d: DeviceAnswer) => `custom:${d.name}:${d.memoryBytes}B:${d.bandwidthGBps}`;

function deviceLine(d: WhatIfDevice): string {
  return `${d.id.padEnd(24)} ${d.name.padEnd(26)} ${formatBytes(d.memoryGiB * 2 ** 30).padStart(9)}  usable ${formatBytes(d.usableBytes).padStart(9)}  ${String(d.bandwidthGBps).padStart(6)} GB/s  ${d.backends.join(',')}`;
}

export function formatResult(r: WhatIfResult): string {
  const n = (v: number | null) => (v === null ? '—' : String(v));
  const lines = [
    `${r.model.name ?? r.model.ref}: ${r.model.architecture}, ${r.model.layers} layers, trained context ${r.model.trainedContext}${r.model.weightsBytes ? `, weights ${formatBytes(r.model.weightsBytes)}` : ''} (${r.model.source})`,
    `${'device'.padEnd(26)} ${'usable'.padStart(9)}  fits@${r.contextSize}  max ctx FA on/off (f16)  q8_0 FA on   tok/s (est.)  spill`,
    ...r.devices.map((d) => `${d.name.padEnd(26)} ${formatBytes(d.usableBytes).padStart(9)}  ${(d.fits ? 'yes' : 'no').padEnd(9)}  ${`${n(d.maxContext.flashAttention.on)} / ${n(d.maxContext.flashAttention.off)}`.padEnd(23)}  ${n(d.maxContext.kvCache.q8_0.on).padEnd(11)}  ${n(d.generationTokensPerSecond.value).padEnd(12)}  ${d.spill ? `${d.spill.gpuLayers}/${d.spill.totalLayers} layers on the device, ${formatBytes(d.spill.ramBytes)} in RAM` : 'none'}`),
    ...r.devices.filter((d) => d.verified).map((d) => `verified ${d.name}: ${n(d.verified!.maxContext)} measured under ${formatBytes(d.verified!.budgetBytes)} (estimate ${n(d.verified!.estimatedMaxContext)}, band ${n(d.verified!.band.low)}–${n(d.verified!.band.high)}: ${d.verified!.agrees ? 'agrees' : 'DISAGREES'}), step ${d.verified!.stepId ?? '—'}`),
  ];
  if (r.split) {
    lines.push(`split (${r.split.label}) --tensor-split ${r.split.tensorSplit.join(',')}: ${r.split.devices.map((d) => `${d.name} ${d.layers} layers ${formatBytes(d.bytes)}`).join('; ')}; fits@${r.contextSize} ${r.split.fits ? 'yes' : 'no'}; max ctx FA on ${n(r.split.maxContext.on)} / off ${n(r.split.maxContext.off)}; limited by ${r.split.limitingDevice}; ~${n(r.split.generationTokensPerSecond.value)} tok/s`);
  }
  if (r.choices) lines.push(`Runs at ${r.contextSize} tokens on (smallest first): ${r.choices.length ? r.choices.map((c) => `${c.name} (max ${n(c.maxContext)})`).join(', ') : 'no catalogue device'}`);
  if (r.devices[0]) lines.push(`Speed basis: ${r.devices[0].generationTokensPerSecond.basis}`);
  lines.push('All figures are estimates unless marked verified.', ...r.notes.map((x) => `note: ${x}`));
  return lines.join('\n');
}
