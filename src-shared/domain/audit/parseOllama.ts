import { z } from 'zod';
import type { LiveModel } from '../../contract/audit.js';
import { geometryFromMetadata } from '../models/geometryFromMetadata.js';
import type { ModelGeometry } from '../models/ModelGeometry.js';
import { expectShape } from './AuditResponseError.js';
import { EMPTY_SETTINGS, type LiveFacts } from './LiveFacts.js';

// Ollama's API (docs.ollama.com/api: ps, show, version). /api/ps omits size_vram when it is 0
// (ollama/ollama#4840), and context_length exists from 0.6.x on.

const PsSchema = z.object({
  models: z.array(
    z.looseObject({
      name: z.string().optional(),
      model: z.string().optional(),
      size: z.number().nonnegative(),
      size_vram: z.number().nonnegative().optional(),
      context_length: z.number().int().positive().optional(),
    }),
  ),
});

const ShowSchema = z.looseObject({
  parameters: z.string().optional(),
  model_info: z.record(z.string(), z.unknown()).optional(),
  capabilities: z.array(z.string()).optional(),
});

const VersionSchema = z.looseObject({ version: z.string() });

/** The pieces of {@link LiveFacts} that Ollama's /api/ps, /api/show (of the first running model) and /api/version give. */
export function parseOllama(ps: unknown, show: unknown | null, version: unknown | null): Pick<LiveFacts, 'version' | 'settings' | 'settingSources' | 'models' | 'geometry' | 'configuredContext' | 'capabilities'> {
  const running = expectShape('GET /api/ps', PsSchema, ps).models;
  const info = show === null ? null : expectShape('POST /api/show', ShowSchema, show);
  const geometry = info?.model_info ? safeGeometry(info.model_info) : null;
  const models: LiveModel[] = running.map((m, i) => {
    const size = m.size;
    const vram = m.size_vram ?? 0;
    return {
      name: m.name ?? m.model ?? `model ${i + 1}`,
      path: null,
      contextSize: m.context_length ?? null,
      trainedContext: i === 0 ? (geometry?.contextLength ?? null) : null,
      layers: i === 0 ? (geometry?.layers ?? null) : null,
      sizeBytes: size,
      vramBytes: vram,
      cpuShare: size > 0 ? Math.max(0, Math.min(1, (size - vram) / size)) : null,
    };
  });
  const context = models[0]?.contextSize ?? null;
  return {
    version: version === null ? null : expectShape('GET /api/version', VersionSchema, version).version,
    settings: { ...EMPTY_SETTINGS, contextSize: context, perSlotContext: context },
    settingSources: context === null ? {} : { contextSize: 'GET /api/ps context_length', perSlotContext: 'GET /api/ps context_length' },
    models,
    geometry,
    configuredContext: info?.parameters ? numCtx(info.parameters) : null,
    ...(info?.capabilities ? { capabilities: info.capabilities } : {}),
  };
}

/** `num_ctx` from /api/show's `parameters` text ("temperature 0.7\nnum_ctx 2048"). */
function numCtx(parameters: string): number | null {
  const match = /^\s*num_ctx\s+(\d+)\s*$/m.exec(parameters);
  return match ? Number(match[1]) : null;
}

function safeGeometry(meta: Record<string, unknown>): ModelGeometry | null {
  try {
    return geometryFromMetadata(meta);
  } catch {
    return null;
  }
}
