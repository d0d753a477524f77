import { spawnSync } from 'node:child_process';
import { HeadroomError } from '../../../src-shared/errors/HeadroomError.js';

/** The command a worker runs under so that its address space (RLIMIT_AS) is capped at `bytes`. */
export function addressSpaceWrapper(bytes: number): string[] {
  return ['prlimit', `--as=${bytes}`, '--'];
}

/** Throws a clear error when `addressSpace` budgets cannot work here. */
export function checkAddressSpaceAvailable(): void {
  if (process.platform !== 'linux')
    throw new HeadroomError(`An address-space budget needs Linux (this is ${process.platform}).`, { code: 'prlimit_unavailable', hint: 'Use the `estimateCap` budget instead.' });
  const probe = spawnSync('prlimit', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    throw new HeadroomError('An address-space budget needs the `prlimit` command, which was not found.', { code: 'prlimit_unavailable', hint: 'Install util-linux (it provides prlimit), or use the `estimateCap` or `cgroup` budget.' });
}
