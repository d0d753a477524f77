import { findLlamaCppBin, type LlamaCppBin } from '../../src-main/tune/llamaCpp/findLlamaCppBin';
import { listBenchDevices } from '../../src-main/tune/llamaCpp/listBenchDevices';

/**
 * A llama.cpp build with a Vulkan device, for the tests that tune on it: HEADROOM_LLAMA_CPP_VULKAN_BIN, else the
 * HEADROOM_LLAMA_CPP_BIN folder when its build has the Vulkan backend (CI builds CPU + Vulkan there).
 * GGML_VK_VISIBLE_DEVICES (default 0) picks the device: lavapipe here. `skip` says why when there is none.
 */
export async function llamaCppVulkan(): Promise<{ bin: LlamaCppBin | null; env: Record<string, string>; device: string | null; skip: string | null }> {
  const env = { GGML_VK_VISIBLE_DEVICES: process.env.GGML_VK_VISIBLE_DEVICES ?? '0', XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' };
  const dir = process.env.HEADROOM_LLAMA_CPP_VULKAN_BIN || process.env.HEADROOM_LLAMA_CPP_BIN;
  if (!dir) return { bin: null, env, device: null, skip: 'neither HEADROOM_LLAMA_CPP_VULKAN_BIN nor HEADROOM_LLAMA_CPP_BIN is set' };
  const bin = findLlamaCppBin({ HEADROOM_LLAMA_CPP_BIN: dir, PATH: '' });
  if (!bin) return { bin: null, env, device: null, skip: `no llama-bench and llama-fit-params in ${dir}` };
  const vulkan = (await listBenchDevices(bin, env)).find((d) => d.name.startsWith('Vulkan'));
  if (!vulkan) return { bin, env, device: null, skip: `the llama.cpp build in ${dir} has no Vulkan device (llama-bench --list-devices, GGML_VK_VISIBLE_DEVICES=${env.GGML_VK_VISIBLE_DEVICES})` };
  return { bin, env, device: `${vulkan.name}: ${vulkan.description}`, skip: null };
}
