import type { Command } from './Command.js';
import { hardwareCommand } from './hardwareCommand.js';
import { serveCommand } from './serveCommand.js';
import { probeCommand } from './probeCommand.js';
import { recipeCommand } from './recipeCommand.js';
import { reportCommand } from './reportCommand.js';
import { modelsCommand } from './modelsCommand.js';
import { inspectCommand } from './inspectCommand.js';
import { synthCommand } from './synthCommand.js';
import { estimateCommand } from './estimateCommand.js';
import { diagnoseCommand } from './diagnoseCommand.js';

/** Every `headroom` subcommand. */
export const commands: Command[] = [hardwareCommand, serveCommand, probeCommand, recipeCommand, reportCommand, modelsCommand, inspectCommand, synthCommand, estimateCommand, diagnoseCommand];
