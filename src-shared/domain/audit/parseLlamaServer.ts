import { z } from 'zod';
import type { LiveModel, LiveSettings } from '../../contract/audit.js';
import { expectShape } from './AuditResponseError.js';
import type { LiveFacts, SlotUse } from './LiveFacts.js';
import type { ServerArgs } from './parseServerArgs.js';

// llama-server's /props and /slots (tools/server/server-context.cpp of llama.cpp 0.5.0):
// default_generation_settings.n_ctx is one slot's context, total_slots the -np.

const PropsSchema = z.looseObject({
  default_generation_settings: z.looseObject({ n_ctx: z.number().int().positive() }),
  total_slots: z.number().int().positive(),
  model_path: z.string().optional(),
  model_alias: z.string().optional(),
  build_info: z.string().optional(),
});

const SlotsSchema = z.array(
  z.looseObject({
    id: z.number().int().nonnegative(),
    n_ctx: z.number().int().positive(),
    is_processing: z.boolean().optional(),
    n_prompt_tokens: z.number().int().nonnegative().optional(),
  }),
);

/** Whether a /props body is llama-server's. */
export const isLlamaServerProps = (body: unknown) => PropsSchema.safeParse(body).success;

/** What llama-server's /props, /slots and (on this machine) its command line say. */
export function parseLlamaServer(props: unknown, slots: unknown | null, args: ServerArgs | null): Pick<LiveFacts, 'version' | 'settings' | 'settingSources' | 'models' | 'slots'> {
  const p = expectShape('GET /props', PropsSchema, props);
  const slotList: SlotUse[] | null =
    slots === null ? null : expectShape('GET /slots', SlotsSchema, slots).map((s) => ({ id: s.id, contextSize: s.n_ctx, promptTokens: s.n_prompt_tokens ?? null, processing: s.is_processing ?? false }));
  const perSlot = p.default_generation_settings.n_ctx;
  const sources: Record<string, string> = { perSlotContext: 'GET /props default_generation_settings.n_ctx', slots: 'GET /props total_slots' };
  const settings: LiveSettings = {
    contextSize: args?.contextSize ?? (args?.kvUnified ? perSlot : perSlot * p.total_slots),
    slots: p.total_slots,
    perSlotContext: perSlot,
    gpuLayers: args ? (args.gpuLayers ?? 'auto') : null,
    flashAttention: args ? (args.flashAttention ?? 'auto') : null,
    typeK: args ? (args.typeK ?? 'f16') : null,
    typeV: args ? (args.typeV ?? 'f16') : null,
  };
  sources.contextSize = args?.contextSize ? 'process command line -c' : 'n_ctx × total_slots';
  if (args) {
    for (const key of ['gpuLayers', 'flashAttention', 'typeK', 'typeV'] as const) {
      sources[key] = args[key] === null ? 'process command line (flag absent: llama-server default)' : 'process command line';
    }
  }
  const path = p.model_path ?? args?.model ?? null;
  const model: LiveModel = {
    // This llama-server sets the alias to the model path when -a is not given: show the file name then.
    name: p.model_alias && !/[\\/]/.test(p.model_alias) ? p.model_alias : path ? path.split(/[\\/]/).pop()! : 'model',
    path,
    contextSize: perSlot,
    trainedContext: null,
    layers: null,
    sizeBytes: null,
    vramBytes: null,
    cpuShare: null,
  };
  return { version: p.build_info ?? null, settings, settingSources: sources, models: [model], slots: slotList };
}
