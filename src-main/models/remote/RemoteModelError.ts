import { HeadroomError } from '../../../src-shared/errors/HeadroomError.js';

/** A remote model that cannot be read: the message names the address and what went wrong, the code which kind. */
export class RemoteModelError extends HeadroomError {
  override name = 'RemoteModelError';
  readonly url: string;
  constructor(code: RemoteErrorCode, url: string, problem: string, hint: string, cause?: unknown) {
    super(`Cannot read remote model ${url}: ${problem}`, { code, hint, cause });
    this.url = url;
  }
}

export type RemoteErrorCode =
  | 'invalid_remote_ref'
  | 'remote_not_found'
  | 'remote_unauthorized'
  | 'remote_range_ignored'
  | 'remote_timeout'
  | 'remote_unreachable'
  | 'remote_http'
  | 'remote_not_gguf'
  | 'remote_truncated'
  | 'remote_no_such_quant';
