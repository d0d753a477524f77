import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';

/** Bad command-line words; exits with code 2. */
export class UsageError extends HeadroomError {
  override name = 'UsageError';
  constructor(message: string, hint: string) {
    super(message, { code: 'usage', hint });
  }
}
