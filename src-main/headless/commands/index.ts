import type { Command } from './Command.js';
import { hardwareCommand } from './hardwareCommand.js';
import { serveCommand } from './serveCommand.js';

/** Every `headroom` subcommand. */
export const commands: Command[] = [hardwareCommand, serveCommand];
