import type { Command } from './Command.js';
import { hardwareCommand } from './hardwareCommand.js';
import { serveCommand } from './serveCommand.js';
import { recipeCommand } from './recipeCommand.js';
import { reportCommand } from './reportCommand.js';
import { modelsCommand } from './modelsCommand.js';
import { inspectCommand } from './inspectCommand.js';
import { synthCommand } from './synthCommand.js';
import { estimateCommand } from './estimateCommand.js';

/** Every `headroom` subcommand. */
export const commands: Command[] = [hardwareCommand, serveCommand, modelsCommand, inspectCommand, synthCommand, estimateCommand, recipeCommand, reportCommand];
