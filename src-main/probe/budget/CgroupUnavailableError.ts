import { HeadroomError } from '../../../src-shared/errors/HeadroomError.js';

/** A `cgroup` budget was asked for where Headroom cannot create a memory cgroup. */
export class CgroupUnavailableError extends HeadroomError {
  override name = 'CgroupUnavailableError';
  constructor(detail: string) {
    super(`A cgroup memory budget cannot be imposed here: ${detail}`, {
      code: 'cgroup_unavailable',
      hint: 'It needs Linux with a writable cgroup v1 memory hierarchy (/sys/fs/cgroup/memory, usually as root). Use the `addressSpace` or `estimateCap` budget instead.',
    });
  }
}
