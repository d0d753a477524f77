import type { Command } from './Command.js';
import { hardwareCommand } from './hardwareCommand.js';
import { modelsCommand } from './modelsCommand.js';
import { inspectCommand } from './inspectCommand.js';
import { synthCommand } from './synthCommand.js';
import { estimateCommand } from './estimateCommand.js';
import { probeCommand } from './probeCommand.js';
import { diagnoseCommand } from './diagnoseCommand.js';
import { recipeCommand } from './recipeCommand.js';
import { reportCommand } from './reportCommand.js';
import { serveCommand } from './serveCommand.js';
import { auditCommand } from './auditCommand.js';
import { logsCommand } from './logsCommand.js';
import { watchCommand } from './watchCommand.js';
import { whatifCommand } from './whatifCommand.js';
import { tuneCommand } from './tuneCommand.js';
import { settingsCommand } from './settingsCommand.js';

/** Every `headroom` subcommand, in the order of the flow: machine → model → probe → diagnosis → export. */
export const commands: Command[] = [
  hardwareCommand,
  modelsCommand,
  inspectCommand,
  synthCommand,
  estimateCommand,
  whatifCommand,
  probeCommand,
  tuneCommand,
  diagnoseCommand,
  recipeCommand,
  reportCommand,
  auditCommand,
  logsCommand,
  watchCommand,
  settingsCommand,
  serveCommand,
];
