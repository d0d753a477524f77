import type { z } from 'zod';
import type { AnalyzeOomRequestSchema, DiagnoseRequestSchema } from '../../src-shared/contract/diagnosis.js';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog.js';
import { analyzeOom } from '../../src-shared/knowledge/troubleshoot/analyzeOom.js';
import { knowledgeBase } from '../knowledge/loadKnowledgeBase.js';
import type { HandlerContext } from './HandlerContext.js';

export const diagnosisHandlers = (_ctx: HandlerContext) => ({
  'diagnosis:diagnose': async (input: z.output<typeof DiagnoseRequestSchema>) => diagnoseLog(knowledgeBase(), input),
  'diagnosis:analyzeOom': async (input: z.output<typeof AnalyzeOomRequestSchema>) => analyzeOom(knowledgeBase(), input),
  'diagnosis:entries': async () => ({
    entries: knowledgeBase().entries.map((e) => ({
      id: e.id,
      title: e.title,
      category: e.category,
      runtimes: e.runtimes,
      backends: e.backends,
      signatures: e.signatures.length,
      conditions: e.conditions.length,
      fixes: e.fixes.map((f) => f.title),
      references: e.references,
    })),
  }),
});
