import { HeadroomError } from '../../errors/HeadroomError.js';

/** A probe with no passing step: there is nothing verified to write a recipe from. */
export class NoVerifiedSettingsError extends HeadroomError {
  override name = 'NoVerifiedSettingsError';
  constructor(message: string, hint: string) {
    super(message, { code: 'no_verified_settings', hint });
  }
}
