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
    'audit:logs': async () => ({ logs: await discoverLogs() }),
    'audit:diagnoseLog': async (input: { path: string; runtime?: AuditRuntime }) => diagnoseLogFile(input.path, input.runtime ?? null),
    'audit:watchStart': async (input: { path: string; runtime?: AuditRuntime }) => ({ watchId: await watches.start(input.path, input.runtime ?? null) }),
    'audit:watchStop': async (input: { watchId: string }) => ({ stopped: watches.stop(input.watchId) }),
  };
};
