/** Options of {@link HeadroomError}. */
export interface HeadroomErrorOptions {
  /** Machine-readable code that survives IPC and HTTP. Defaults to the class's `code`. */
  code?: string;
  /** What the user should do about it. */
  hint: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base of every error Headroom raises on purpose. Subclasses only set `name` and `code`:
 * `name` survives crossing realms (worker, IPC), so guards compare it instead of `instanceof`.
 */
export class HeadroomError extends Error {
  override name = 'HeadroomError';
  readonly code: string;
  readonly hint: string;

  constructor(message: string, options: HeadroomErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? 'headroom_error';
    this.hint = options.hint;
  }
}

export function isHeadroomError(value: unknown): value is HeadroomError {
  return (
    value instanceof Error &&
    typeof (value as Partial<HeadroomError>).hint === 'string' &&
    typeof (value as Partial<HeadroomError>).code === 'string'
  );
}
