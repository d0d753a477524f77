import type { ErrorInfo } from '../contract/envelope.js';
import { isHeadroomError } from './HeadroomError.js';

/** Turns anything thrown into the `{code, message, hint}` that travels across IPC and HTTP. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (isHeadroomError(error)) return { code: error.code, message: error.message, hint: error.hint };
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal_error',
    message: message || 'Unexpected error.',
    hint: 'This is a bug in Headroom. Retry; if it persists, report it with the message above.',
  };
}
