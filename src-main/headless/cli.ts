import { parseArgs } from 'node:util';
import { toErrorInfo } from '../../src-shared/errors/toErrorInfo.js';
import { createHandlers } from '../ipc/createHandlers.js';
import type { Command } from './commands/Command.js';
import { commands } from './commands/index.js';
import { nodeContext } from './nodeContext.js';
import { UsageError } from './UsageError.js';
import { rejectNonDecimal } from '../models/cli/parseFlags.js';

// `headroom <command> … [--json]`: the same handlers as the UI, with stdout reserved for results.

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(helpText());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  const json = rest.includes('--json');
  try {
    if (!command) throw new UsageError(`Unknown command "${name}".`, `Run \`headroom --help\` to list the commands (${commands.map((c) => c.name).join(', ')}).`);
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(commandHelp(command));
      return 0;
    }
    const args = parse(command, rest);
    const context = nodeContext();
    const output = await command.run(args, {
      handlers: createHandlers(context),
      context,
      json,
      progress: (text) => {
        if (!json || process.stderr.isTTY) process.stderr.write(`${text}\n`);
      },
      stderrIsTTY: Boolean(process.stderr.isTTY),
      stdin: process.stdin,
    });
    if (output) process.stdout.write(json ? `${JSON.stringify(output.value, null, 2)}\n` : `${output.text}\n`);
    return 0;
  } catch (error) {
    const info = toErrorInfo(error);
    process.stderr.write(`error: ${info.message}\nhint: ${info.hint}\n`);
    // Under --json a script reads stdout: it gets the error as the one document, in the envelope's shape.
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: info }, null, 2)}\n`);
    return isUsage(info.code) ? 2 : 1;
  }
}

/** Words the user typed wrong: bad flags, and input the channel's schema refused (the CLI passes what was typed). */
function isUsage(code: string): boolean {
  return code === 'usage' || code === 'invalid_input';
}

function parse(command: Command, rest: string[]) {
  const parsed = parseWords(command, rest);
  rejectNonDecimal(parsed.values);
  return parsed;
}

function parseWords(command: Command, rest: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, json: { type: 'boolean' } },
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
    return { values: values as Record<string, string | boolean | (string | boolean)[] | undefined>, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), `Usage: headroom ${command.usage}`);
  }
}

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Headroom: measure what LLMs really run on this machine.',
    '',
    'Usage: headroom <command> [options] [--json]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Add --help after a command for its options. --json prints one JSON document on stdout.',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return `${command.summary}\n\nUsage: headroom ${command.usage}\n`;
}

// Run when executed (bin/headroom.js imports this module and calls main()).
