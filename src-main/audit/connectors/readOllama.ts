import { z } from 'zod';
import { parseOllama } from '../../../src-shared/domain/audit/parseOllama.js';
import type { Requester } from '../Requester.js';
import { NO_EXTRAS, NotThisRuntime, type ConnectorFacts } from './Connector.js';

/** Ollama: /api/version says it is Ollama; /api/ps lists what runs; /api/show the first model's geometry and Modelfile parameters. */
export async function readOllama(req: Requester): Promise<ConnectorFacts> {
  const version = await req.json('/api/version');
  if (!z.object({ version: z.string() }).safeParse(version).success) throw new NotThisRuntime('ollama', 'GET /api/version has no "version"');
  const ps = await req.json('/api/ps');
  const first = z.object({ models: z.array(z.object({ name: z.string().optional(), model: z.string().optional() }).loose()) }).loose().safeParse(ps);
  const name = first.success ? (first.data.models[0]?.name ?? first.data.models[0]?.model) : undefined;
  const show = name === undefined ? null : await req.optionalJson('/api/show', { model: name });
  return { ...NO_EXTRAS, ...parseOllama(ps, show, version) };
}
