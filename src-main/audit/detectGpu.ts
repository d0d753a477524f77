import si from 'systeminformation';

const GPU_VENDOR = /nvidia|advanced micro devices|amd|ati technologies|apple/i;

/**
 * The first GPU the OS lists that llama.cpp could offload to (NVIDIA, AMD, Apple), or null when
 * there is none; undefined when the hardware query did not answer within `timeoutMs`.
 */
export async function detectGpu(timeoutMs = 2500): Promise<{ name: string } | null | undefined> {
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs).unref());
  const query = si
    .graphics()
    .then((g) => {
      const gpu = g.controllers.find((c) => GPU_VENDOR.test(`${c.vendor} ${c.model}`));
      return gpu ? { name: gpu.model || gpu.vendor } : null;
    })
    .catch(() => undefined);
  return Promise.race([query, timeout]);
}
