import type { TunePlanPreview } from '../../../src-shared/contract/tune.js';
import { TuneBackendSchema, TuneEngineSchema, TunePolicySchema } from '../../../src-shared/contract/tune.js';
import { describeSettings } from '../../../src-shared/domain/tune/settingsKey.js';
import { choiceFlag, formatBytes, intFlag } from '../../models/cli/parseFlags.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import type { CliContext, CommandOutput, ParsedArgs } from './Command.js';

export const PLAN_USAGE = 'estimate (<file.gguf> | --preset NAME [--layers N]) --plan --ctx N|max [--policy gpu-only|shrink-ctx|allow-spill] [--engine node-llama-cpp|llama.cpp] [--backend cpu|vulkan|cuda|metal] [--json]';

/** `estimate --plan`: what fits where, per device and per setting, and what tune would try, before loading anything. */
export async function estimatePlan(args: ParsedArgs, cli: CliContext): Promise<CommandOutput> {
  const v = args.values;
  const path = args.positionals[0];
  const preset = typeof v.preset === 'string' ? v.preset : undefined;
  if (!path === !preset) throw new UsageError('--plan needs one model: a .gguf file or --preset NAME.', `Usage: headroom ${PLAN_USAGE}`);
  if (v.ctx === undefined) throw new UsageError('--plan needs --ctx N (or --ctx max).', `Usage: headroom ${PLAN_USAGE}`);
  const plan = await callChannel(cli.handlers, 'tune:plan', {
    model: preset ? { preset, ...(v.layers !== undefined && { layers: intFlag(v, 'layers', PLAN_USAGE)! }) } : { path: path! },
    contextSize: v.ctx === 'max' ? 'max' : intFlag(v, 'ctx', PLAN_USAGE, 256)!,
    policy: choiceFlag(v, 'policy', TunePolicySchema.options) ?? 'allow-spill',
    engine: choiceFlag(v, 'engine', TuneEngineSchema.options) ?? 'node-llama-cpp',
    backend: choiceFlag(v, 'backend', TuneBackendSchema.options) ?? 'cpu',
  });
  return { value: plan, text: formatPlan(plan) };
}

function formatPlan(p: TunePlanPreview): string {
  const mem = (e: { ramBytes: number; vramBytes: number } | null) => (e ? `RAM ${formatBytes(e.ramBytes).padStart(10)}  VRAM ${formatBytes(e.vramBytes).padStart(10)}` : 'no estimate'.padEnd(33));
  return [
    `Plan for ${p.model.name}: ${p.contextSize ?? '—'} tokens, policy ${p.policy}, ${p.engine} on ${p.backend}`,
    ...(p.reason ? [`Cannot tune: ${p.reason}.`] : []),
    ...p.notes,
    ...p.devices.map((d) => `device ${d.name}: ${d.limitBytes === null ? 'limit unknown' : `${formatBytes(d.limitBytes)} usable`}`),
    ...(p.defaults ? [`defaults: ${describeSettings(p.defaults)}`] : []),
    'what fits where:',
    ...p.grid.map((g) => `  ${g.fits ? 'fits   ' : 'no     '} ${mem(g.estimate)}  ${describeSettings(g.settings)}${g.reason ? ` — ${g.reason}` : ''}`),
    `tune would try first (${p.wouldTry.length} steps; later ones follow what these measure):`,
    ...p.wouldTry.map((t, i) => `  ${String(i + 1).padStart(2)}. ${t.label}`),
  ].join('\n');
}
