import type { ParseArgsConfig } from 'node:util';
import type { Handlers } from '../../ipc/Handlers.js';
import type { HandlerContext } from '../../ipc/HandlerContext.js';

export interface CliContext {
  handlers: Handlers;
  context: HandlerContext;
  /** Whether `--json` was given: then stdout gets exactly one JSON document. */
  json: boolean;
  /** Progress and notes: stderr, so that stdout stays clean. */
  progress: (text: string) => void;
  stderrIsTTY: boolean;
  stdin: NodeJS.ReadableStream;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** What a command printed: the value for `--json`, and the text for people. */
export interface CommandOutput {
  value: unknown;
  text: string;
}

export interface Command {
  name: string;
  summary: string;
  /** Usage line(s) shown by `--help`, after `headroom `. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals?: boolean;
  /** Returns the output, or nothing for commands that run until stopped (serve). */
  run(args: ParsedArgs, cli: CliContext): Promise<CommandOutput | void>;
}
