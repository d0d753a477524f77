// Reports are made to be shared: home folders become `~` and anything that looks like a credential
// becomes `[redacted]`. Every pattern is linear (checked with recheck in the tests).

export const REDACTED = '[redacted]';

/** Credential shapes: provider token prefixes, and `name=value` / `Bearer value` forms. */
export const SECRET_PATTERNS: { pattern: RegExp; replace: string }[] = [
  { pattern: /\bhf_[A-Za-z0-9]{20,}/g, replace: REDACTED },
  { pattern: /\bsk-[A-Za-z0-9_-]{16,}/g, replace: REDACTED },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}/g, replace: REDACTED },
  { pattern: /\bAKIA[0-9A-Z]{16}\b/g, replace: REDACTED },
  { pattern: /\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, replace: `$1${REDACTED}` },
  {
    pattern: /\b((?:[a-z0-9]+[_-])?(?:token|api[_-]?key|secret|password|passwd|authorization))(["']?[ \t]*[=:][ \t]*["']?)(?!(?:bearer|basic)\s|\[redacted\])[^\s"'&,;]+/gi,
    replace: `$1$2${REDACTED}`,
  },
];

/** Home folders of any user, on Linux, macOS and Windows (the user name is the part replaced). */
const HOME_PATTERNS: RegExp[] = [/\/home\/[^/\s"']+/g, /\/Users\/[^/\s"']+/g, /[A-Za-z]:\\Users\\[^\\\s"']+/g];

/** Replaces home folders with `~` and secrets with `[redacted]` in one string. */
export function redactText(text: string, homeDirs: string[] = []): string {
  let out = text;
  for (const home of homeDirs.filter((h) => h.length > 1).sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(`${escapeRegExp(home.replace(/[/\\]+$/, ''))}(?=[/\\\s"']|$)`, 'g'), '~');
  }
  for (const pattern of HOME_PATTERNS) out = out.replace(pattern, '~');
  for (const { pattern, replace } of SECRET_PATTERNS) out = out.replace(pattern, replace);
  return out;
}

/** The same, over every string of a JSON-like value (object keys stay as they are). */
export function redactDeep<T>(value: T, homeDirs: string[] = []): T {
  if (typeof value === 'string') return redactText(value, homeDirs) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, homeDirs)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, homeDirs)])) as T;
  }
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
