import { HeadroomError } from './HeadroomError.js';

/** Input that failed its channel's schema. */
export class InvalidInputError extends HeadroomError {
  override name = 'InvalidInputError';
  constructor(message: string, hint: string) {
    super(message, { code: 'invalid_input', hint });
  }
}
