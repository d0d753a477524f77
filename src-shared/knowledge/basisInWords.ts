import type { CandidateBasis } from './Diagnosis.js';

/**
 * Where a candidate comes from, in words, for the CLI and the Diagnose screen alike: similarity is
 * only ever "likely", a resemblance not even that.
 */
export function basisInWords(basis: CandidateBasis, entryId: string | null): string {
  if (basis === 'resemblance') return 'reads like, not recognised';
  if (basis === 'similarity') return 'likely, by similarity';
  if (basis === 'family') return 'by the kind of failure';
  return entryId ? `by the known failure ${entryId}` : 'by a known failure';
}
