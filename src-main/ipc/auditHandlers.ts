import type { z } from 'zod';
import type { AuditRequestSchema } from '../../src-shared/contract/audit.js';
import { auditRuntimes } from '../audit/auditRuntimes.js';
import { diagnoseLogFile } from '../audit/diagnoseLogFile.js';
import { discoverLogs } from '../audit/discoverLogs.js';
import type { HandlerContext } from './HandlerContext.js';

export const auditHandlers = (ctx: HandlerContext) => ({
  'audit:run': async (input: z.output<typeof AuditRequestSchema>) => auditRuntimes({ ...input, dataDir: ctx.dataDir }),
  'audit:logs': async () => ({ logs: await discoverLogs() }),
  'audit:diagnoseLog': async (input: { path: string; runtime?: z.output<typeof AuditRequestSchema>['runtime'] }) => diagnoseLogFile(input.path, input.runtime ?? null),
});
