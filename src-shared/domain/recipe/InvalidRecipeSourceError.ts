import { HeadroomError } from '../../errors/HeadroomError.js';

/** A settings record whose sources do not hold: a missing source, or a `verified` one no step backs. */
export class InvalidRecipeSourceError extends HeadroomError {
  override name = 'InvalidRecipeSourceError';
  constructor(problems: string[]) {
    super(`The settings do not trace to their sources: ${problems.join('; ')}.`, {
      code: 'invalid_recipe_source',
      hint: 'Give every setting a source: a passing step of the probe (with its id), an estimate, or "user". Mark a value you chose yourself as "user".',
    });
  }
}
