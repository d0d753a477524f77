const ARRAY_PREVIEW = 16;

/** Metadata with bigints as numbers, as geometryFromMetadata expects. */
export function plain(metadata: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
}

/** JSON-safe metadata for people: bigints as numbers, long arrays cut to a preview with their length. */
export function preview(metadata: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(plain(metadata)).map(([k, v]) => {
    if (Array.isArray(v) && v.length > ARRAY_PREVIEW) return [k, { length: v.length, first: v.slice(0, ARRAY_PREVIEW).map(jsonSafe) }];
    return [k, jsonSafe(v)];
  }));
}

function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (Array.isArray(v)) return v.map(jsonSafe);
  return v;
}
