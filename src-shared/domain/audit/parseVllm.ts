import { z } from 'zod';
import type { LiveModel } from '../../contract/audit.js';
import { expectShape } from './AuditResponseError.js';
import { EMPTY_SETTINGS, type LiveFacts } from './LiveFacts.js';
import { maxOf, parsePrometheus } from './parsePrometheus.js';

// vLLM's OpenAI server: GET /v1/models (max_model_len per model, owned_by "vllm") and /metrics
// (Prometheus). The KV gauge was vllm:gpu_cache_usage_perc and became vllm:kv_cache_usage_perc (V1 engine).

const ModelsSchema = z.looseObject({
  data: z.array(z.looseObject({ id: z.string(), owned_by: z.string().optional(), max_model_len: z.number().int().positive().optional() })),
});

/** Whether a /v1/models body is vLLM's (other OpenAI-compatible servers answer the same path). */
export function isVllmModels(body: unknown): boolean {
  const parsed = ModelsSchema.safeParse(body);
  return parsed.success && parsed.data.data.some((m) => m.owned_by === 'vllm' || m.max_model_len !== undefined);
}

/** What vLLM's model list, metrics and version say. */
export function parseVllm(models: unknown, metrics: string | null, version: unknown | null): Pick<LiveFacts, 'version' | 'settings' | 'settingSources' | 'models' | 'metrics'> {
  const list = expectShape('GET /v1/models', ModelsSchema, models).data;
  const live: LiveModel[] = list.map((m) => ({ name: m.id, path: null, contextSize: m.max_model_len ?? null, trainedContext: null, layers: null, sizeBytes: null, vramBytes: null, cpuShare: null }));
  const ctx = live[0]?.contextSize ?? null;
  const samples = metrics === null ? null : parsePrometheus(metrics);
  const cacheInfo = samples?.get('vllm:cache_config_info')?.[0]?.labels;
  const v = z.looseObject({ version: z.string() }).safeParse(version);
  return {
    version: v.success ? v.data.version : null,
    settings: { ...EMPTY_SETTINGS, contextSize: ctx, perSlotContext: ctx },
    settingSources: ctx === null ? {} : { contextSize: 'GET /v1/models max_model_len', perSlotContext: 'GET /v1/models max_model_len' },
    models: live,
    metrics:
      samples === null
        ? null
        : {
            kvCacheUsage: maxOf(samples, 'vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc'),
            preemptions: maxOf(samples, 'vllm:num_preemptions_total', 'vllm:num_preemptions'),
            cacheDtype: cacheInfo?.cache_dtype ?? null,
          },
  };
}
