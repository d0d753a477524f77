import { AuditRuntimeSchema } from '../../../src-shared/contract/audit.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import type { Command } from './Command.js';

const USAGE = 'logs [--journal-dir DIR] [--diagnose PATH [--runtime NAME] --yes] [--json]';

export const logsCommand: Command = {
  name: 'logs',
  summary: "List where each runtime keeps its log on this machine; --diagnose reads one's last run (read-only) and says what failed.",
  usage: `${USAGE}\n\n  --diagnose PATH  diagnose the last failure in this log (a path from the list, or "journalctl -u ollama")\n  --yes            you agree that Headroom reads that log (required with --diagnose)\n  --journal-dir DIR  read the journal in this folder (a copy of a server's or container's /var/log/journal) instead of this machine's; defaults to HEADROOM_JOURNAL_DIR`,
  options: { diagnose: { type: 'string' }, runtime: { type: 'string' }, yes: { type: 'boolean' }, 'journal-dir': { type: 'string' } },
  async run(args, cli) {
    const journalDir = typeof args.values['journal-dir'] === 'string' ? { journalDir: args.values['journal-dir'] } : {};
    if (typeof args.values.diagnose === 'string') {
      if (args.values.yes !== true) throw new UsageError('Reading a log needs your consent.', `Add --yes to let Headroom read ${args.values.diagnose} (it is only read, never changed).`);
      const runtime = args.values.runtime === undefined ? undefined : AuditRuntimeSchema.safeParse(args.values.runtime).data;
      if (args.values.runtime !== undefined && !runtime) throw new UsageError(`Unknown runtime "${String(args.values.runtime)}".`, `Use one of: ${AuditRuntimeSchema.options.join(', ')}.`);
      const d = await callChannel(cli.handlers, 'audit:diagnoseLog', { path: args.values.diagnose, consent: true, ...(runtime ? { runtime } : {}), ...journalDir });
      const where = d.journalDir ? `${d.path} (journal at ${d.journalDir})` : d.path;
      const text = d.best
        ? [`${where} since line ${d.startLine} (${d.lines} lines): ${d.best.title} (${d.best.category}, confidence ${d.best.confidence.toFixed(2)})`, ...d.best.evidence.map((e) => `  line ${e.line + d.startLine - 1}: ${e.text.trim()}`), `  fixes: ${d.best.fixes.join('; ')}`].join('\n')
        : `${where} since line ${d.startLine} (${d.lines} lines): no known failure.`;
      return { value: d, text };
    }
    const { logs } = await callChannel(cli.handlers, 'audit:logs', journalDir);
    return { value: { logs }, text: logs.map((l) => `${l.exists ? 'found  ' : 'absent '} ${l.runtime.padEnd(12)} ${l.path}${l.sizeBytes !== null ? ` (${l.sizeBytes} bytes)` : ''}\n         ${l.note}`).join('\n') };
  },
};
