// Version ranges of known issues, per runtime. Ollama, LM Studio and vLLM write dotted versions
// (0.12.6, 0.6.3.post1, 0.10.1rc1); llama.cpp writes build numbers (b7380, "version: 7380 (abc1234)",
// /props build_info "b7380-abc1234"). A range is comparators joined by spaces (all must hold), with
// `||` between alternatives, as npm's semver writes them: ">=b7371 <b7394", "0.31.2", "<0.5.0 || 0.6.1".
// Written here rather than with the semver package because src-shared imports nothing but zod, and
// because llama.cpp's build numbers and vLLM's `.post1` are not semver.

/** A comparable version: numeric parts, and whether it is a pre-release (rc, dev, alpha, beta). */
export interface ParsedVersion {
  parts: number[];
  prerelease: boolean;
}

/**
 * Build numbers below this come from a clone without llama.cpp's history (`git rev-list --count`
 * of a shallow or bundled clone: the llama.cpp node-llama-cpp bundles reports b1), so they say
 * nothing about which release it is.
 */
export const LLAMA_CPP_MIN_BUILD = 1000;

const DOTTED = /^v?(\d+(?:\.\d+)*)(?:[-.+]?(rc|dev|alpha|beta|a|b|pre)\d*)?/i;
const BUILD = /\bbuild\s+(\d+)|^(?:version:\s*)?b?(\d+)(?![.\d])/i;

/** The version a runtime reported, or null when it cannot be compared (unknown form, or a llama.cpp build without history). */
export function parseRuntimeVersion(runtime: string, version: string): ParsedVersion | null {
  const text = version.trim();
  if (runtime === 'llama-server') {
    const m = BUILD.exec(text);
    if (!m) return null;
    const build = Number(m[1] ?? m[2]);
    return build >= LLAMA_CPP_MIN_BUILD ? { parts: [build], prerelease: false } : null;
  }
  const m = DOTTED.exec(text);
  return m ? { parts: m[1]!.split('.').map(Number), prerelease: m[2] !== undefined } : null;
}

/** A range that does not parse: the knowledge base names the entry and the range. */
export class VersionRangeError extends Error {
  override name = 'VersionRangeError';
}

type Op = '<' | '<=' | '>' | '>=' | '=';
interface Comparator {
  op: Op;
  version: ParsedVersion;
}

const COMPARATOR = /^(<=|>=|<|>|=)?(.+)$/;

/** Parses a range for a runtime; throws {@link VersionRangeError} naming what is wrong. */
export function parseVersionRange(runtime: string, range: string): Comparator[][] {
  const alternatives = range.split('||').map((a) => a.trim());
  if (alternatives.some((a) => a === '')) throw new VersionRangeError(`"${range}" has an empty alternative`);
  return alternatives.map((alternative) =>
    alternative.split(/\s+/).map((word) => {
      const [, op = '=', rest = ''] = COMPARATOR.exec(word) ?? [];
      const version = runtime === 'llama-server' ? llamaBuild(rest) : parseRuntimeVersion(runtime, rest);
      if (!version || (runtime !== 'llama-server' && !/^v?\d+(\.\d+)*$/.test(rest))) {
        throw new VersionRangeError(`"${word}" in "${range}" is not a ${runtime === 'llama-server' ? 'llama.cpp build (b1234)' : 'version (1.2.3)'}`);
      }
      return { op: op as Op, version };
    }),
  );
}

function llamaBuild(word: string): ParsedVersion | null {
  const m = /^b(\d+)$/.exec(word);
  return m ? { parts: [Number(m[1])], prerelease: false } : null;
}

/** Whether `version` (as the runtime reported it) falls in `range`; false when the version cannot be compared. */
export function versionInRange(runtime: string, version: string, range: string): boolean {
  const v = parseRuntimeVersion(runtime, version);
  if (!v) return false;
  return parseVersionRange(runtime, range).some((all) => all.every((c) => holds(c.op, compareVersions(v, c.version))));
}

function holds(op: Op, cmp: number): boolean {
  return op === '<' ? cmp < 0 : op === '<=' ? cmp <= 0 : op === '>' ? cmp > 0 : op === '>=' ? cmp >= 0 : cmp === 0;
}

/** Negative, zero or positive as `a` is before, the same as, or after `b`. A pre-release comes before its release. */
export function compareVersions(a: ParsedVersion, b: ParsedVersion): number {
  const n = Math.max(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const d = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (d !== 0) return d;
  }
  return (b.prerelease ? 1 : 0) - (a.prerelease ? 1 : 0);
}
