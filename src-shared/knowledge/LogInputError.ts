import { HeadroomError } from '../errors/HeadroomError.js';

/** The pasted or read input is not something a log diagnosis can read (empty, binary, a model file, text in an encoding not decoded). */
export class LogInputError extends HeadroomError {
  override name = 'LogInputError';
  constructor(code: 'empty_log' | 'binary_log' | 'undecodable_log', message: string, hint: string) {
    super(message, { code, hint });
  }
}
