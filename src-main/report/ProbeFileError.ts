import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';

/** A probe file that cannot be read as one: missing, empty, or with a line that is not a probe record. */
export class ProbeFileError extends HeadroomError {
  override name = 'ProbeFileError';
  constructor(message: string, hint: string, cause?: unknown) {
    super(message, { code: 'probe_file_invalid', hint, cause });
  }
}
