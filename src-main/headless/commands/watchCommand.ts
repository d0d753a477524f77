import { AuditRuntimeSchema, type AuditRuntime } from '../../../src-shared/contract/audit.js';
import { HeadroomError } from '../../../src-shared/errors/HeadroomError.js';
import { discoverLogs } from '../../audit/discoverLogs.js';
import type { WatchEvent } from '../../audit/LogWatcher.js';
import { openLogWatch } from '../../audit/openLogWatch.js';
import { journalDirectory } from '../../audit/runJournalctl.js';
import { UsageError } from '../UsageError.js';
import type { Command } from './Command.js';

const USAGE = `watch [--runtime ${AuditRuntimeSchema.options.join('|')}] [--file PATH] [--journal-dir DIR] [--json]`;

export const watchCommand: Command = {
  name: 'watch',
  summary: "Follow a runtime's log and raise a diagnosis when a failure appears (one JSON line per event with --json).",
  usage: `${USAGE}\n\n  --runtime NAME  whose log to follow (found where it keeps it); the file's start lines decide otherwise\n  --file PATH     the log file to follow (e.g. a llama-server --log-file), or "journalctl -u UNIT"\n  --journal-dir DIR  read the journal in this folder (a copy of a server's /var/log/journal) instead of this machine's; defaults to HEADROOM_JOURNAL_DIR\n\nRuns until Ctrl-C. Reads the log, never changes it; follows rotation (a new or truncated file).`,
  options: { runtime: { type: 'string' }, file: { type: 'string' }, 'journal-dir': { type: 'string' } },
  async run(args, cli) {
    const runtime = args.values.runtime === undefined ? null : parseRuntime(args.values.runtime);
    const journalDir = journalDirectory(typeof args.values['journal-dir'] === 'string' ? args.values['journal-dir'] : null);
    const path = typeof args.values.file === 'string' ? args.values.file : await findLog(runtime, journalDir);
    const print = (e: WatchEvent) => process.stdout.write(cli.json ? `${JSON.stringify(e)}\n` : `${formatEvent(e)}\n`);
    let ended: (error: Error) => void = () => undefined;
    const watcher = openLogWatch(path, { runtime, journalDir, onEvent: print, onEnd: (error) => ended(error) });
    await watcher.start();
    await new Promise<void>((resolve, reject) => {
      // The watcher's own timers do not hold the process; this does, until Ctrl-C.
      const keepAlive = setInterval(() => undefined, 60_000);
      const stop = () => {
        clearInterval(keepAlive);
        watcher.stop();
        resolve();
      };
      ended = (error) => {
        clearInterval(keepAlive);
        reject(error);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};

function parseRuntime(value: unknown): AuditRuntime {
  const parsed = AuditRuntimeSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`Unknown runtime "${String(value)}".`, `Use one of: ${AuditRuntimeSchema.options.join(', ')}.`);
  return parsed.data;
}

async function findLog(runtime: AuditRuntime | null, journalDir: string | null): Promise<string> {
  if (runtime === null) throw new UsageError('Say which log to follow.', `Give --runtime or --file: headroom ${USAGE}`);
  // The first found: the journal (given folder, or this machine's systemd unit) comes before a file.
  const found = (await discoverLogs({ journalDir })).find((l) => l.runtime === runtime && l.exists);
  if (!found) {
    throw new HeadroomError(`No ${runtime} log was found${journalDir ? ` in the journal at ${journalDir}` : ''} where ${runtime} keeps it on this machine.`, {
      code: 'log_not_found',
      hint: runtime === 'ollama' ? 'Give the log with --file, or a journal folder with --journal-dir; or pipe it in: journalctl -u ollama -f | headroom diagnose -' : 'Give the log with --file (llama-server and vLLM log to their terminal unless started with --log-file or redirected).',
    });
  }
  return found.path;
}

function formatEvent(e: WatchEvent): string {
  if (e.event === 'watching') return `Watching ${e.path} (Ctrl-C to stop)…`;
  if (e.event === 'rotated') return `${e.at} the log was rotated; reading the new file from its start`;
  return `${e.at} FAILURE: ${e.diagnosis.title} (${e.diagnosis.category}, confidence ${e.diagnosis.confidence.toFixed(2)})\n  ${e.line.trim()}\n  fixes: ${e.diagnosis.fixes.join('; ')}`;
}
