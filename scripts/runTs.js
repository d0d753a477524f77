// Runs a TypeScript maintenance script of this repo: `node scripts/runTs.js scripts/x/y.ts [args…]`.
// The script is bundled with rolldown (a dependency of vite) into a temporary ESM file, so the
// maintenance scripts share the app's own modules without a separate TypeScript runner.
import { build } from 'rolldown';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/runTs.js SCRIPT.ts [args…]');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'headroom-script-'));
const file = join(dir, 'script.mjs');
try {
  await build({ input: resolve(entry), platform: 'node', external: [/^node:/, 'node-llama-cpp'], output: { file, format: 'esm' }, logLevel: 'warn' });
  process.argv = [process.argv[0], resolve(entry), ...args];
  const { main } = await import(pathToFileURL(file).href);
  process.exitCode = (await main(args)) ?? 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
