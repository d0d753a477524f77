import type { z } from 'zod';
import type { AuditRequestSchema, AuditRuntime } from '../../src-shared/contract/audit.js';
import { auditRuntimes } from '../audit/auditRuntimes.js';
import { diagnoseLogFile } from '../audit/diagnoseLogFile.js';
import { discoverLogs } from '../audit/discoverLogs.js';
import { WatchRegistry } from '../audit/WatchRegistry.js';
import type { HandlerContext } from './HandlerContext.js';

export const auditHandlers = (ctx: HandlerContext) => {
  const watches = new WatchRegistry(ctx.events);
  return {
    'audit:run': async (input: z.output<typeof AuditRequestSchema>) => auditRuntimes({ ...input, dataDir: ctx.dataDir }),
    'audit:logs': async (input: { journalDir?: string }) => ({ logs: await discoverLogs({ journalDir: input.journalDir }) }),
    'audit:diagnoseLog': async (input: { path: string; runtime?: AuditRuntime; journalDir?: string }) => diagnoseLogFile(input.path, input.runtime ?? null, input.journalDir),
    'audit:watchStart': async (input: { path: string; runtime?: AuditRuntime; journalDir?: string }) => ({ watchId: await watches.start(input.path, input.runtime ?? null, input.journalDir) }),
    'audit:watchStop': async (input: { watchId: string }) => ({ stopped: watches.stop(input.watchId) }),
  };
};
