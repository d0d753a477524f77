import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ProbeIdSchema } from '../../../src-shared/contract/probe.js';
import { ReportFormatSchema } from '../../../src-shared/contract/recipe.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import type { Command } from './Command.js';

const USAGE = 'report <probe.jsonl | probe-id> [--format md|html|json] [--out FILE] [--keep-paths] [--json]';

export const reportCommand: Command = {
  name: 'report',
  summary: 'Write a shareable report of a probe (Markdown, self-contained HTML or JSON); home paths and secrets redacted.',
  usage: USAGE,
  options: { format: { type: 'string' }, out: { type: 'string' }, 'keep-paths': { type: 'boolean' } },
  positionals: true,
  async run(args, cli) {
    const format = ReportFormatSchema.safeParse(args.values.format ?? 'md');
    if (!format.success) throw new UsageError(`Unknown format "${String(args.values.format)}".`, 'Pass --format md, html or json.');
    const [probe, ...extra] = args.positionals;
    if (!probe || extra.length > 0) throw new UsageError(probe ? `Unexpected argument "${extra[0]}".` : 'Missing the probe file.', `Usage: headroom ${USAGE}`);
    const isId = !existsSync(probe) && !probe.endsWith('.jsonl') && ProbeIdSchema.safeParse(probe).success;
    cli.progress('Reading the probe and this machine…');
    const file = await callChannel(cli.handlers, 'report:build', { ...(isId ? { probeId: probe } : { probePath: probe }), format: format.data, keepPaths: args.values['keep-paths'] === true });
    const out = args.values.out;
    if (typeof out !== 'string') return { value: file, text: file.content.trimEnd() };
    const path = resolve(out);
    if ((await stat(path).catch(() => null))?.isDirectory()) throw new UsageError(`--out ${out} is a folder.`, `Give a file path, e.g. --out ${join(out, file.fileName)}.`);
    await writeFile(path, file.content);
    return { value: { path, fileName: file.fileName, mimeType: file.mimeType, bytes: Buffer.byteLength(file.content) }, text: `Wrote ${path}` };
  },
};
