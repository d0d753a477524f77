import { createHandlers } from '../../ipc/createHandlers.js';
import { rendererDir } from '../serveStatic.js';
import { UsageError } from '../UsageError.js';
import { startWebServer } from '../webServer.js';
import type { Command } from './Command.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the full UI on 127.0.0.1 (for headless machines; tunnel it over SSH).',
  usage: 'serve [--port N] [--json]',
  options: { port: { type: 'string' } },
  async run(args, cli) {
    const port = args.values.port === undefined ? 0 : Number(args.values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got "${String(args.values.port)}".`, 'Pass a number from 1 to 65535, or leave --port out to get a free port.');
    // The caller of the web bridge is a page, not the user at this shell: its files stay in the data folder.
    const handlers = createHandlers({ ...cli.context, confined: true });
    const server = await startWebServer({ handlers, events: cli.context.events, staticDir: rendererDir(), port });
    if (cli.json) process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, token: server.token })}\n`);
    else process.stdout.write(`Headroom is serving on ${server.url}\nOpen that URL (it carries the access token). Over SSH: ssh -L ${server.port}:127.0.0.1:${server.port} HOST\n`);
    await new Promise<void>((resolve) => {
      const stop = () => void server.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
