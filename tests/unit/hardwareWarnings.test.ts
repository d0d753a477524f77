import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HardwareReportSchema } from '../../src-shared/contract/hardware';
import { hardwareWarnings, type HardwareFacts } from '../../src-shared/domain/hardwareWarnings';
import { ROOT } from '../support/paths';

const workstation = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/hardware/workstation-rtx4090.json'), 'utf8')) as HardwareFacts;
const codes = (facts: HardwareFacts) => hardwareWarnings(facts).map((w) => w.code);
const gpu0 = workstation.gpus[0]!;

describe('hardware warnings on recorded snapshots', () => {
  it('the snapshot is a valid hardware report', () => {
    expect(HardwareReportSchema.safeParse({ ...workstation, warnings: [] }).success).toBe(true);
  });

  it('warns when other processes hold a large share of VRAM, naming the amounts', () => {
    const warnings = hardwareWarnings(workstation);
    expect(warnings.map((w) => w.code)).toEqual(['vram_held_by_others']);
    expect(warnings[0]!.message).toContain('6.0 GiB');
    expect(warnings[0]!.hint).toMatch(/nvidia-smi/);
  });

  it('stays quiet when others hold little VRAM', () => {
    const quiet = { ...workstation, gpus: [{ ...gpu0, vramFreeBytes: gpu0.vramTotalBytes - 300 * 2 ** 20, vramUsedByOthersBytes: 300 * 2 ** 20 }] };
    expect(codes(quiet)).toEqual([]);
  });

  it('warns that a GPU with no usable backend means a silent CPU fallback, with a vendor hint', () => {
    const laptop = { ...workstation, gpus: [{ ...gpu0, backends: [], vramUsedByOthersBytes: 0 }] };
    const warnings = hardwareWarnings(laptop);
    expect(warnings.map((w) => w.code)).toEqual(['gpu_without_backend']);
    expect(warnings[0]!.message).toMatch(/fall back to the CPU/);
    expect(warnings[0]!.hint).toMatch(/NVIDIA driver/);
  });

  it('notes an integrated GPU that shares system RAM', () => {
    const igpu = {
      ...workstation,
      gpus: [{ name: 'Intel(R) Iris(R) Xe Graphics', vendor: 'Intel', vramTotalBytes: 2 ** 31, vramFreeBytes: 2 ** 31, vramUsedByOthersBytes: 0, driverVersion: '31.0.101', backends: ['vulkan' as const], integrated: true, vramSource: 'os' as const }],
    };
    expect(codes(igpu)).toEqual(['integrated_gpu']);
  });

  it('warns about a CPU without AVX2 (prebuilt binaries may hit illegal instruction)', () => {
    const old = { ...workstation, cpu: { ...workstation.cpu, model: 'Intel Xeon E5-2670', flags: ['avx', 'f16c'] }, gpus: [] };
    const warnings = hardwareWarnings(old);
    expect(warnings.map((w) => w.code)).toEqual(['no_gpu', 'cpu_without_avx2']);
    expect(warnings[1]!.message).toMatch(/Illegal instruction/);
    expect(warnings[1]!.hint).toMatch(/GGML_NATIVE/);
  });

  it('flags a software Vulkan device and no swap', () => {
    const lavapipe = {
      ...workstation,
      memory: { ...workstation.memory, swapTotalBytes: 0, swapFreeBytes: 0 },
      gpus: [{ ...gpu0, name: 'llvmpipe (LLVM 15.0.6, 256 bits)', vendor: 'Mesa (software)', backends: ['vulkan' as const] }],
    };
    expect(codes(lavapipe)).toEqual(['software_gpu', 'no_swap']);
  });

  it('warns when little RAM is available', () => {
    const tight = { ...workstation, gpus: [], memory: { ...workstation.memory, availableBytes: 4 * 2 ** 30 } };
    expect(codes(tight)).toEqual(['no_gpu', 'low_ram_available']);
  });
});
