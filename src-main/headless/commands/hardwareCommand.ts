import type { HardwareReport } from '../../../src-shared/contract/hardware.js';
import { formatGiB } from '../../../src-shared/domain/hardwareWarnings.js';
import { callChannel } from '../callChannel.js';
import type { Command } from './Command.js';

export const hardwareCommand: Command = {
  name: 'hardware',
  summary: 'Probe CPU, RAM, swap, GPUs and usable backends.',
  usage: 'hardware [--json]',
  options: {},
  async run(_args, cli) {
    cli.progress('Probing hardware…');
    const report = await callChannel(cli.handlers, 'hardware:probe', {});
    return { value: report, text: formatHardware(report) };
  },
};

export function formatHardware(r: HardwareReport): string {
  const lines = [
    `CPU     ${r.cpu.model} — ${r.cpu.cores} usable cores (${r.cpu.physicalCores} physical, ${r.cpu.threads} threads)`,
    `        flags: ${r.cpu.flags.join(' ') || '(none of note)'}`,
    `RAM     ${formatGiB(r.memory.availableBytes)} available of ${formatGiB(r.memory.totalBytes)}; swap ${formatGiB(r.memory.swapTotalBytes)}`,
    ...(r.gpus.length === 0 ? ['GPU     none found'] : r.gpus.map((g) =>
      `GPU     ${g.name} (${g.vendor}) — ${formatGiB(g.vramFreeBytes)} free of ${formatGiB(g.vramTotalBytes)}, ${formatGiB(g.vramUsedByOthersBytes)} used by others; driver ${g.driverVersion ?? 'unknown'}; backends: ${g.backends.join(', ') || 'none'}`)),
    `Backends ${Object.entries(r.backends).map(([name, s]) => `${name} ${s.usable ? 'yes' : 'no'}`).join(', ')}`,
    `OS      ${r.os.distro} ${r.os.release} (${r.os.platform}/${r.os.arch}); node-llama-cpp ${r.runtime.nodeLlamaCpp}, llama.cpp ${r.runtime.llamaCpp}`,
    ...r.warnings.map((w) => `${w.severity === 'warning' ? 'WARNING' : 'note'}: ${w.message}\n        → ${w.hint}`),
  ];
  return lines.join('\n');
}
