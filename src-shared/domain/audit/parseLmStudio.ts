import { z } from 'zod';
import type { LiveModel } from '../../contract/audit.js';
import { expectShape } from './AuditResponseError.js';
import { EMPTY_SETTINGS, type LiveFacts } from './LiveFacts.js';

// LM Studio's REST API: v1 (LM Studio 0.4+, GET /api/v1/models: loaded_instances[].config) and
// v0 (0.3.6+, GET /api/v0/models: state, max_context_length, and loaded_context_length when loaded).
// Sources: lmstudio-ai/docs 1_developer/2_rest/list.md and endpoints.mdx.

const V1Schema = z.looseObject({
  models: z.array(
    z.looseObject({
      key: z.string(),
      type: z.string().optional(),
      size_bytes: z.number().nonnegative().optional(),
      max_context_length: z.number().int().positive().optional(),
      loaded_instances: z.array(
        z.looseObject({
          id: z.string(),
          config: z.looseObject({ context_length: z.number().int().positive().optional(), flash_attention: z.boolean().optional() }),
        }),
      ),
    }),
  ),
});

const V0Schema = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string(),
      type: z.string().optional(),
      state: z.string().optional(),
      max_context_length: z.number().int().positive().optional(),
      loaded_context_length: z.number().int().positive().optional(),
    }),
  ),
});

type Parsed = Pick<LiveFacts, 'settings' | 'settingSources' | 'models'>;

/** Loaded LM Studio models from the v1 list (preferred) or the v0 list. */
export function parseLmStudio(v1: unknown | null, v0: unknown | null): Parsed {
  if (v1 !== null) return fromV1(expectShape('GET /api/v1/models', V1Schema, v1));
  return fromV0(expectShape('GET /api/v0/models', V0Schema, v0));
}

function fromV1(body: z.infer<typeof V1Schema>): Parsed {
  const models: LiveModel[] = [];
  let flash: boolean | null = null;
  for (const m of body.models) {
    for (const instance of m.loaded_instances) {
      models.push(model(instance.id, instance.config.context_length ?? null, m.max_context_length ?? null, m.size_bytes ?? null));
      if (flash === null && instance.config.flash_attention !== undefined) flash = instance.config.flash_attention;
    }
  }
  const ctx = models[0]?.contextSize ?? null;
  const sources: Record<string, string> = ctx === null ? {} : { contextSize: 'GET /api/v1/models loaded_instances[0].config.context_length', perSlotContext: 'GET /api/v1/models loaded_instances[0].config.context_length' };
  if (flash !== null) sources.flashAttention = 'GET /api/v1/models loaded_instances[0].config.flash_attention';
  return { settings: { ...EMPTY_SETTINGS, contextSize: ctx, perSlotContext: ctx, flashAttention: flash }, settingSources: sources, models };
}

function fromV0(body: z.infer<typeof V0Schema>): Parsed {
  const models = body.data.filter((m) => m.state === 'loaded').map((m) => model(m.id, m.loaded_context_length ?? null, m.max_context_length ?? null, null));
  const ctx = models[0]?.contextSize ?? null;
  return {
    settings: { ...EMPTY_SETTINGS, contextSize: ctx, perSlotContext: ctx },
    settingSources: ctx === null ? {} : { contextSize: 'GET /api/v0/models loaded_context_length', perSlotContext: 'GET /api/v0/models loaded_context_length' },
    models,
  };
}

function model(name: string, contextSize: number | null, trainedContext: number | null, sizeBytes: number | null): LiveModel {
  return { name, path: null, contextSize, trainedContext, layers: null, sizeBytes, vramBytes: null, cpuShare: null };
}
