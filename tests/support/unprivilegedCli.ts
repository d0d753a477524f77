import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, parse } from 'node:path';
import { ROOT } from './paths';

// Root reads every folder, so a test of "permission denied" must run its child as another user (`nobody`).
// That user cannot reach a checkout in a private folder (`mktemp -d`, /root), nor a private TMPDIR, so the
// child runs from a copy of what `headroom` needs, in a temporary folder every user can traverse.

/** The uid and gid of `nobody` on Debian and most Linux systems. */
export const NOBODY = { uid: 65534, gid: 65534 };

/** True when every folder from `/` down to `path` lets other users through (the `x` bit for others). */
export function traversableByOthers(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      if ((statSync(dir).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    if (dir === parse(dir).root) return true;
  }
}

/** A temporary folder that other users can reach: under TMPDIR when it allows that, else /tmp or /var/tmp.
 * Null when none does (the caller skips, saying so). */
export function sharedTempDir(prefix: string): string | null {
  const base = [os.tmpdir(), '/tmp', '/var/tmp'].find(traversableByOthers);
  if (!base) return null;
  const dir = mkdtempSync(join(base, prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * Copies what `bin/headroom.js` needs to run a command that does not probe (the built `out/main`, the
 * package file and the packages the build imports, with their dependencies) into `dir`, readable by all.
 * Returns the copied CLI's path.
 */
export function copyCliTo(dir: string): string {
  for (const part of ['package.json', 'bin', 'out/main']) cpSync(join(ROOT, part), join(dir, part), { recursive: true, dereference: true });
  for (const pkg of packageClosure(importedPackages(join(ROOT, 'out', 'main'))))
    cpSync(join(ROOT, 'node_modules', pkg), join(dir, 'node_modules', pkg), { recursive: true, dereference: true });
  openToAll(dir);
  return join(dir, 'bin', 'headroom.js');
}

/** Gives everyone read access (and traversal of folders), whatever the umask of the checkout was.
 * Symbolic links are not followed (a fixture may hold a link cycle). */
export function openToAll(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  chmodSync(path, stat.mode | (stat.isDirectory() ? 0o555 : 0o444));
  if (stat.isDirectory()) for (const name of readdirSync(path)) openToAll(join(path, name));
}

/** Bare package names the CLI's bundle imports (the probe worker's node-llama-cpp excepted: no probe runs). */
function importedPackages(outMain: string): string[] {
  const names = new Set<string>();
  const files = ['cli.js', ...readdirSync(join(outMain, 'chunks')).map((f) => join('chunks', f))];
  for (const file of files) {
    for (const match of readFileSync(join(outMain, file), 'utf8').matchAll(/\bfrom\s*["']([^"'./][^"']*)["']|\bimport\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
      const spec = match[1] ?? match[2];
      if (spec && !spec.startsWith('node:') && spec !== 'node-llama-cpp') names.add(packageName(spec));
    }
  }
  return [...names];
}

/** The packages and every dependency they pull in, as installed (flat) in node_modules. */
function packageClosure(roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    const manifest = join(ROOT, 'node_modules', name, 'package.json');
    if (seen.has(name) || !existsSync(manifest)) return;
    seen.add(name);
    const { dependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string> };
    Object.keys(dependencies).forEach(visit);
  };
  roots.forEach(visit);
  return [...seen];
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
