import type { z } from 'zod';
import type { AuditRequestSchema } from '../../src-shared/contract/audit.js';
import { auditRuntimes } from '../audit/auditRuntimes.js';
import type { HandlerContext } from './HandlerContext.js';

export const auditHandlers = (ctx: HandlerContext) => ({
  'audit:run': async (input: z.output<typeof AuditRequestSchema>) => auditRuntimes({ ...input, dataDir: ctx.dataDir }),
});
