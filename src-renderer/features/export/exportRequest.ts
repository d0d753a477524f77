import { z } from 'zod';
import { RecipeModelSchema, RecipeSettingsSchema, SettingKeySchema, SourceSchema, type RecipeRequest } from '../../../src-shared/contract/recipe';
import { ProbeIdSchema } from '../../../src-shared/contract/probe';

/** What the troubleshooter passes as `settings=<json>`: a settings record, the sources of its numbers, and the model. */
const SettingsParamSchema = z.object({
  model: RecipeModelSchema.partial().required({ path: true }),
  settings: RecipeSettingsSchema,
  sources: z.partialRecord(SettingKeySchema, SourceSchema),
  probeId: ProbeIdSchema.optional(),
});

export type ExportTarget = { kind: 'pick' } | { kind: 'request'; request: RecipeRequest } | { kind: 'invalid'; message: string };

/**
 * Reads the Export screen's navigation params: `#/export?probe=<id>[&ctx=N]` (a finished probe) or
 * `#/export?settings=<json>` (verified settings handed over by the troubleshooter).
 */
export function exportTarget(params: Record<string, string>): ExportTarget {
  if (params.settings) {
    let json: unknown;
    try {
      json = JSON.parse(params.settings);
    } catch {
      return { kind: 'invalid', message: 'The settings in the link are not valid JSON.' };
    }
    const parsed = SettingsParamSchema.safeParse(json);
    if (!parsed.success) return { kind: 'invalid', message: `The settings in the link are incomplete: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ')}.` };
    return { kind: 'request', request: { from: 'settings', ...parsed.data } };
  }
  if (params.probe) {
    if (!ProbeIdSchema.safeParse(params.probe).success) return { kind: 'invalid', message: `"${params.probe}" is not a probe id.` };
    const ctx = params.ctx === undefined ? undefined : Number(params.ctx);
    if (ctx !== undefined && (!Number.isInteger(ctx) || ctx <= 0)) return { kind: 'invalid', message: `"${params.ctx}" is not a context size.` };
    return { kind: 'request', request: { from: 'probe', probeId: params.probe, ...(ctx === undefined ? {} : { contextSize: ctx }) } };
  }
  return { kind: 'pick' };
}
