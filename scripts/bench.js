// `npm run bench`: build, then every benchmark in tests/bench (figures printed side by side, never asserted on time).
// Extra arguments go to vitest: `npm run bench -- tests/bench/hardwareClick.bench.test.ts`.
import { spawnSync } from 'node:child_process';

const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.bench.config.ts', '--reporter=verbose', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
