// `npm test`: build, lint, typecheck, then the unit, integration and e2e suites (vitest).
// Ends with the plain line "N passed, N failed" (build, lint and typecheck count as one test each).
// Extra arguments go to vitest: `npm test -- tests/unit`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const checks = [
  ['build', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']],
  ['lint', 'npx', ['eslint', '.']],
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
];
let passed = 0;
let failed = 0;
for (const [name, command, commandArgs] of checks) {
  const started = Date.now();
  const run = spawnSync(command, commandArgs, { stdio: 'inherit' });
  const ok = run.status === 0;
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? '✓' : '✗'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok && name === 'build') break;
}

mkdirSync('test-results', { recursive: true });
if (failed === 0) {
  spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json', ...args], { stdio: 'inherit' });
  try {
    const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
    passed += report.numPassedTests;
    // A file that fails to load has no failed test of its own: count it once.
    const brokenFiles = report.testResults.filter((file) => file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed')).length;
    failed += report.numFailedTests + brokenFiles;
    var skipped = report.numPendingTests + report.numTodoTests;
  } catch (error) {
    console.error(`Could not read the vitest report: ${error.message}`);
    failed++;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
