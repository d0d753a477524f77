import { parseLmStudio } from '../../../src-shared/domain/audit/parseLmStudio.js';
import type { Requester } from '../Requester.js';
import { NO_EXTRAS, NotThisRuntime, type ConnectorFacts } from './Connector.js';

/** LM Studio: the v1 model list (0.4+), else the v0 list (0.3.6+). Neither names a version. */
export async function readLmStudio(req: Requester): Promise<ConnectorFacts> {
  const v1 = await req.optionalJson('/api/v1/models');
  const usableV1 = v1 !== null && typeof v1 === 'object' && Array.isArray((v1 as { models?: unknown }).models) ? v1 : null;
  const v0 = usableV1 === null ? await req.optionalJson('/api/v0/models') : null;
  if (usableV1 === null && (v0 === null || typeof v0 !== 'object' || !Array.isArray((v0 as { data?: unknown }).data))) {
    throw new NotThisRuntime('lmstudio', 'neither GET /api/v1/models nor GET /api/v0/models answers with a model list');
  }
  return { ...NO_EXTRAS, version: null, ...parseLmStudio(usableV1, usableV1 === null ? v0 : null) };
}
