import { isVllmModels, parseVllm } from '../../../src-shared/domain/audit/parseVllm.js';
import type { Requester } from '../Requester.js';
import { NO_EXTRAS, NotThisRuntime, type ConnectorFacts } from './Connector.js';

/** vLLM: /v1/models with max_model_len (owned_by "vllm"), /metrics and /version when present. */
export async function readVllm(req: Requester): Promise<ConnectorFacts> {
  const models = await req.json('/v1/models');
  if (!isVllmModels(models)) throw new NotThisRuntime('vllm', 'GET /v1/models lists no model with max_model_len or owned_by "vllm"');
  const metrics = await req.optionalText('/metrics');
  const version = await req.optionalJson('/version');
  return { ...NO_EXTRAS, ...parseVllm(models, metrics, version) };
}
