import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { lastOffload } from '../../../src-shared/domain/audit/lastOffload.js';
import { isLlamaServerProps, parseLlamaServer } from '../../../src-shared/domain/audit/parseLlamaServer.js';
import { parseServerArgs, type ServerArgs } from '../../../src-shared/domain/audit/parseServerArgs.js';
import { readGgufSummary } from '../../models/gguf/readGgufSummary.js';
import { logMatch } from '../diagnoseLogFile.js';
import { findListeningProcess } from '../findListeningProcess.js';
import { listServerDevices } from '../listServerDevices.js';
import type { Requester } from '../Requester.js';
import { NO_EXTRAS, NotThisRuntime, type ConnectorFacts } from './Connector.js';

/**
 * llama-server: /props and /slots over HTTP; on this machine also its command line (flash attention,
 * K/V types and -ngl are not in /props) and its model file's metadata (layers, trained context, geometry).
 */
export async function readLlamaServer(req: Requester): Promise<ConnectorFacts> {
  const props = await req.json('/props');
  if (!isLlamaServerProps(props)) throw new NotThisRuntime('llama-server', 'GET /props has no default_generation_settings.n_ctx and total_slots');
  const slots = await req.optionalJson('/slots');
  const local = await localProcess(req.base);
  const parsed = parseLlamaServer(props, slots, local?.args ?? null);
  const model = parsed.models[0]!;
  const gguf = model.path ? await readGgufSummary(model.path).catch(() => null) : null;
  if (gguf) Object.assign(model, { layers: gguf.geometry.layers, trainedContext: gguf.geometry.contextLength, sizeBytes: gguf.sizeBytes });
  const logFile = local?.args.logFile ?? null;
  const log = logFile ? await readTail(logFile) : null;
  const logOffload = log === null ? null : lastOffload(log);
  // -ngl as a count with no load line to say where the layers went: ask the server's binary which devices it sees.
  const devices = local && typeof local.args.gpuLayers === 'number' && local.args.gpuLayers > 0 && !logOffload ? await listServerDevices(local.pid) : null;
  return {
    ...NO_EXTRAS,
    ...parsed,
    geometry: gguf?.geometry ?? null,
    commandLine: local?.argv ?? null,
    logFile,
    logOffload,
    logMatch: log === null || logFile === null ? null : logMatch(logFile, log, 'llama-server'),
    ...(devices ? { serverDevices: devices } : {}),
  };
}

const TAIL_BYTES = 1024 * 1024;

/** The last MiB of a log, read-only; null when it cannot be read. */
async function readTail(path: string): Promise<string | null> {
  try {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      await file.read(buffer, 0, length, size - length);
      return buffer.toString('utf8');
    } finally {
      await file.close();
    }
  } catch {
    return null;
  }
}

async function localProcess(base: string): Promise<{ pid: number; argv: string[]; args: ServerArgs } | null> {
  const url = new URL(base);
  if (!['127.0.0.1', 'localhost', '[::1]', '0.0.0.0'].includes(url.hostname)) return null;
  const found = await findListeningProcess(Number(url.port || 80)).catch(() => null);
  if (!found || !basename(found.argv[0]!).includes('llama-server')) return null;
  return { pid: found.pid, argv: found.argv, args: parseServerArgs(found.argv) };
}
