import { HeadroomError } from '../../errors/HeadroomError.js';

/** GGUF metadata that lacks a key the memory model needs, or holds a value of the wrong kind. */
export class InvalidMetadataError extends HeadroomError {
  override name = 'InvalidMetadataError';
  constructor(message: string, hint: string) {
    super(message, { code: 'invalid_metadata', hint });
  }
}
