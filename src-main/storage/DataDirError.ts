import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';

/** The data folder cannot be created or written (a read-only home, a full disk, a file in its place). */
export class DataDirError extends HeadroomError {
  override name = 'DataDirError';

  constructor(dir: string, cause: unknown) {
    const reason = (cause as NodeJS.ErrnoException)?.code ?? String(cause);
    super(`Cannot write to Headroom's data folder ${dir} (${reason}).`, {
      code: 'data_dir_unwritable',
      hint: 'Make that folder writable, or set HEADROOM_DATA_DIR to a folder you can write to.',
      cause,
    });
  }
}
