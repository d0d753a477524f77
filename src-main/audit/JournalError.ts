import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';

/** The journal could not be read: the message names which journal and why, the code which kind. */
export class JournalError extends HeadroomError {
  override name = 'JournalError';
  constructor(code: JournalErrorCode, message: string, hint: string, cause?: unknown) {
    super(message, { code, hint, cause });
  }
}

export type JournalErrorCode = 'journal_not_found' | 'journal_unreadable' | 'journalctl_missing' | 'journal_follow_ended';
