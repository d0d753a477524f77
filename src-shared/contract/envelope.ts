import { z } from 'zod';

export const ErrorInfoSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

/** Every reply crosses IPC and HTTP in this envelope, because a thrown error keeps only its message. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ErrorInfoSchema }),
  ]);
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: ErrorInfo): Result<never> => ({ ok: false, error });
