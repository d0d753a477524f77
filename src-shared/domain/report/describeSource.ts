import type { Source } from '../../contract/recipe.js';

/** One line for a hover or a table cell: where a number came from. */
export function describeSource(source: Source | undefined): string {
  if (!source) return 'runtime default (not set by the recipe)';
  if (source.kind === 'verified') return `verified: ${source.note || `step ${source.stepId} passed`}`;
  if (source.kind === 'estimated') {
    const band = source.errorBand ? ` (between ${Math.round(source.errorBand.low)} and ${Math.round(source.errorBand.high)} within the model's error)` : '';
    return `estimated, not run: ${source.note || `the memory model${band}`}`;
  }
  return `given by the user, not verified${source.note ? `: ${source.note}` : ''}`;
}

/** A short badge: verified / estimated / user. */
export function sourceBadge(source: Source | undefined): string {
  return source?.kind ?? 'default';
}
