import { AuditRuntimeSchema } from '../../../src-shared/contract/audit.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import type { Command } from './Command.js';

const USAGE = 'logs [--diagnose PATH [--runtime NAME] --yes] [--json]';

export const logsCommand: Command = {
  name: 'logs',
  summary: "List where each runtime keeps its log on this machine; --diagnose reads one's last run (read-only) and says what failed.",
  usage: `${USAGE}\n\n  --diagnose PATH  diagnose the last failure in this log (a path from the list, or "journalctl -u ollama")\n  --yes            you agree that Headroom reads that log (required with --diagnose)`,
  options: { diagnose: { type: 'string' }, runtime: { type: 'string' }, yes: { type: 'boolean' } },
  async run(args, cli) {
    if (typeof args.values.diagnose === 'string') {
      if (args.values.yes !== true) throw new UsageError('Reading a log needs your consent.', `Add --yes to let Headroom read ${args.values.diagnose} (it is only read, never changed).`);
      const runtime = args.values.runtime === undefined ? undefined : AuditRuntimeSchema.safeParse(args.values.runtime).data;
      if (args.values.runtime !== undefined && !runtime) throw new UsageError(`Unknown runtime "${String(args.values.runtime)}".`, `Use one of: ${AuditRuntimeSchema.options.join(', ')}.`);
      const d = await callChannel(cli.handlers, 'audit:diagnoseLog', { path: args.values.diagnose, consent: true, ...(runtime ? { runtime } : {}) });
      const text = d.best
        ? [`${d.path} since line ${d.startLine} (${d.lines} lines): ${d.best.title} (${d.best.category}, confidence ${d.best.confidence.toFixed(2)})`, ...d.best.evidence.map((e) => `  line ${e.line + d.startLine - 1}: ${e.text.trim()}`), `  fixes: ${d.best.fixes.join('; ')}`].join('\n')
        : `${d.path} since line ${d.startLine} (${d.lines} lines): no known failure.`;
      return { value: d, text };
    }
    const { logs } = await callChannel(cli.handlers, 'audit:logs', {});
    return { value: { logs }, text: logs.map((l) => `${l.exists ? 'found  ' : 'absent '} ${l.runtime.padEnd(12)} ${l.path}${l.sizeBytes !== null ? ` (${l.sizeBytes} bytes)` : ''}\n         ${l.note}`).join('\n') };
  },
};
