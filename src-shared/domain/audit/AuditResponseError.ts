import { HeadroomError } from '../../errors/HeadroomError.js';

/** A runtime answered, but not with what its API documents (another program, or a broken reply). */
export class AuditResponseError extends HeadroomError {
  override name = 'AuditResponseError';
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path} did not answer as the runtime's API documents: ${problem}.`, {
      code: 'audit_malformed_response',
      hint: 'Check that the URL points at the runtime you named (and not at a proxy or another program on that port).',
    });
  }
}

/** Parses `value` with `schema`, or throws an {@link AuditResponseError} naming the first problem. */
export function expectShape<T>(path: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AuditResponseError(path, issue ? `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}` : 'unexpected shape');
}
