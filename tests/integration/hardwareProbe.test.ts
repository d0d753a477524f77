import { readFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { HardwareReportSchema } from '../../src-shared/contract/hardware';
import { probeHardware } from '../../src-main/hardware/probeHardware';
import { forkNodeWorker } from '../../src-main/probe/forkNodeWorker';
import { runWorker } from '../../src-main/probe/runWorker';

const memTotalBytes = Number(/MemTotal:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;

describe('the hardware probe on this machine, through the real worker process', () => {
  it('reports this machine: RAM within 1 % of /proc/meminfo, cores = nproc, AVX2', async () => {
    const report = await probeHardware({ launch: forkNodeWorker });
    expect(HardwareReportSchema.parse(report)).toEqual(report);
    expect(Math.abs(report.memory.totalBytes - memTotalBytes) / memTotalBytes).toBeLessThan(0.01);
    expect(report.cpu.cores).toBe(os.availableParallelism());
    expect(report.cpu.flags).toContain('avx2');
    expect(report.backends.cpu.usable).toBe(true);
    expect(report.runtime.nodeLlamaCpp).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('sees the Vulkan software device when it is made visible, with its VRAM', async () => {
    const report = await probeHardware({ launch: forkNodeWorker, env: { GGML_VK_VISIBLE_DEVICES: '0', XDG_RUNTIME_DIR: '/tmp' } });
    expect(report.backends.vulkan.usable).toBe(true);
    const lavapipe = report.gpus.find((g) => /llvmpipe/.test(g.name));
    expect(lavapipe?.backends).toEqual(['vulkan']);
    expect(lavapipe?.vramTotalBytes).toBeGreaterThan(0);
    expect(lavapipe!.vramFreeBytes + lavapipe!.vramUsedByOthersBytes).toBe(lavapipe!.vramTotalBytes);
    expect(report.warnings.map((w) => w.code)).toContain('software_gpu');
  });

  it('turns a worker that dies into a result, not a hang', async () => {
    const run = await runWorker(forkNodeWorker, { type: 'queryGpus' }, {
      onMessage: (m) => {
        if (m.type === 'ready') process.kill(m.pid, 'SIGKILL');
      },
    });
    expect(run.exit.signal).toBe('SIGKILL');
    expect(run.messages.some((m) => m.type === 'gpuInfo')).toBe(false);
  });
});
